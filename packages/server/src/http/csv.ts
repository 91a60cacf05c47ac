/**
 * RFC 4180 CSV with CRLF line ends. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, CR first) are prefixed with `'`: exports hold remote text, and opening one must not run it.
 */
export function toCsv<Row extends object>(columns: readonly (keyof Row & string)[], rows: Iterable<Row>): string {
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
