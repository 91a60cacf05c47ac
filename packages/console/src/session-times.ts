/**
 * Session times between the relay (ISO 8601 instants) and `<input type="datetime-local">` (wall
 * clock time in the moderator's time zone, no zone in the value).
 */

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO instant as the moderator's local `YYYY-MM-DDTHH:MM`; `''` when unreadable. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A `datetime-local` value, read in the moderator's time zone, as an ISO instant. An empty or
 * unreadable value is passed on as typed, so the relay names the field in its error.
 */
export function fromLocalInput(value: string): string {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
}

/** The form field a relay error names: `session.start`, `patch.end`, `end` → `end`. */
export function sessionField(field: string | undefined): 'title' | 'description' | 'start' | 'end' | undefined {
  const last = field?.split('.').find((part) => ['title', 'description', 'start', 'end'].includes(part));
  return last as 'title' | 'description' | 'start' | 'end' | undefined;
}

/** The moderator's time zone, to say which zone the form's times are in. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
