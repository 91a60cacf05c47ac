// Where Chromium is and how to start it headless on a machine with no outside network.
// Shared by the browser tests, the end-to-end tests and the screenshot script.
import { existsSync } from 'node:fs';

/** Flags that keep a headless Chromium quiet and working as root in a container. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** `CHROME_PATH` if set, else the first Chromium found in the usual places (Debian's by default). */
export function chromiumPath() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}
