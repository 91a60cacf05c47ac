/**
 * The URL as a string when it is an absolute http(s) URL, otherwise `undefined`.
 *
 * Every URL the widget puts into `href` or `src` comes from remote posts, so anything else
 * (`javascript:`, `data:`, relative paths that would resolve against the host page) is refused.
 */
export function httpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}
