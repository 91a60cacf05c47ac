import { html, nothing, type TemplateResult } from 'lit';
import type { ConsoleTranslator } from './i18n/translator.js';

/** What the relay reports about itself in `/healthz`: its version and the embed build it serves. */
export interface RelayVersions {
  relay: string;
  embed: string | undefined;
}

/**
 * Reads the versions from the relay's `/healthz` (public, no token). `undefined` when the relay is
 * out of reach or answers something else: the footer is information, never a reason to fail.
 */
export async function fetchVersions(server: string): Promise<RelayVersions | undefined> {
  try {
    const res = await fetch(new URL('/healthz', server));
    const body = (await res.json()) as { version?: unknown; embed?: { version?: unknown } | null };
    if (typeof body.version !== 'string') return undefined;
    const embed = typeof body.embed?.version === 'string' ? body.embed.version : undefined;
    return { relay: body.version, embed };
  } catch {
    return undefined;
  }
}

/** The console's footer line: which relay and which embed build moderators are working with. */
export function renderAbout(
  versions: RelayVersions | undefined,
  t: ConsoleTranslator,
): TemplateResult | typeof nothing {
  if (!versions) return nothing;
  return html`<footer class="about">
    ${t.t('about', { relay: versions.relay })}${versions.embed ? html` · ${t.t('aboutEmbed', { embed: versions.embed })}` : nothing}
  </footer>`;
}
