import type { AuditEntry } from '@chat-wall/sdk/protocol';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { csvHeader, csvRow } from './csv.js';

/** Entries fetched from the store per page of a file export. */
export const AUDIT_EXPORT_PAGE_SIZE = 1_000;
/** Most entries one file export holds; older ones are exported with `before=<last id exported>`. */
export const AUDIT_EXPORT_MAX_ENTRIES = 1_000_000;

/** Columns of the audit log's CSV, in order. */
export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'postId', 'author', 'from', 'to', 'reason'] as const;

/** File formats of the audit export. */
export const AuditFileFormat = { Csv: 'csv', Ndjson: 'ndjson' } as const;
export type AuditFileFormat = (typeof AuditFileFormat)[keyof typeof AuditFileFormat];

export interface AuditExportOptions {
  tag: string;
  format: AuditFileFormat;
  /** A page of entries below `before` (all when undefined), newest first. */
  page: (before: number | undefined, limit: number) => Promise<AuditEntry[]>;
  /** Start below this entry id. */
  before?: number;
  logger: Logger;
  /** @default AUDIT_EXPORT_PAGE_SIZE */
  pageSize?: number;
  /** @default AUDIT_EXPORT_MAX_ENTRIES */
  maxEntries?: number;
}

/**
 * Streams a wall's whole audit log as a file download, newest first: pages by entry id (keyset,
 * so entries added meanwhile neither repeat nor shift pages) and writes each page as it arrives,
 * so memory stays one page whatever the log's size. The first page is read before anything is
 * sent, so a refusal (no such wall, no access) is still a clean error response. Resolves with the
 * number of entries written.
 */
export async function sendAuditExport(res: Response, options: AuditExportOptions): Promise<number> {
  const pageSize = options.pageSize ?? AUDIT_EXPORT_PAGE_SIZE;
  const max = options.maxEntries ?? AUDIT_EXPORT_MAX_ENTRIES;
  let entries = await options.page(options.before, Math.min(pageSize, max));
  res.set('Content-Disposition', `attachment; filename="audit-${options.tag}.${options.format}"`);
  res.type(options.format === AuditFileFormat.Csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
  const line =
    options.format === AuditFileFormat.Csv
      ? (e: AuditEntry) => csvRow(AUDIT_CSV_COLUMNS, e)
      : (e: AuditEntry) => JSON.stringify(e) + '\n';
  let written = 0;
  try {
    if (options.format === AuditFileFormat.Csv) await write(res, csvHeader(AUDIT_CSV_COLUMNS));
    for (;;) {
      if (entries.length > 0 && !(await write(res, entries.map(line).join('')))) return written;
      written += entries.length;
      if (entries.length < pageSize || written >= max) break;
      entries = await options.page(entries[entries.length - 1]!.id, Math.min(pageSize, max - written));
    }
    if (written >= max) {
      options.logger.warn({ wall: options.tag, entries: written }, 'audit export stopped at its ceiling');
    }
    res.end();
  } catch (err) {
    // Headers are out: cut the download short rather than let a partial file look complete.
    options.logger.error({ err, wall: options.tag }, 'audit export failed');
    res.destroy(err as Error);
  }
  return written;
}

/** Writes with backpressure; false when the client has gone. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
  return !res.destroyed;
}
