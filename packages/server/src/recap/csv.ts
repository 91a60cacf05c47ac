/**
 * RFC 4180 CSV with CRLF line ends, every cell quoted. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, CR first) are prefixed with `'`: exports hold remote text, and opening one must not run it.
 */
export function toCsv<Row extends object>(columns: readonly (keyof Row & string)[], rows: Iterable<Row>): string {
  let out = csvHeader(columns);
  for (const row of rows) out += csvRow(columns, row);
  return out;
}

/** The header line of {@linkcode toCsv}, CRLF included: for writing a CSV file in pieces. */
export function csvHeader(columns: readonly string[]): string {
  return columns.map(cell).join(',') + '\r\n';
}

/** One row line of {@linkcode toCsv}, CRLF included, with the same formula guard. */
export function csvRow<Row extends object>(columns: readonly (keyof Row & string)[], row: Row): string {
  return columns.map((c) => cell(row[c])).join(',') + '\r\n';
}

function cell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  // Every cell quoted: a spreadsheet then never reads one as anything but text in its column.
  return `"${text.replace(/"/g, '""')}"`;
}
