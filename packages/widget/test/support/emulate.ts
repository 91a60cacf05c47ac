// Emulates the viewer's media preferences in the test's Chromium through the DevTools protocol.
import { cdp } from 'vitest/browser';

/** Media features as CSS names them, e.g. `{ 'prefers-color-scheme': 'dark' }`; `{}` resets them. */
export type MediaFeatures = Partial<Record<'prefers-color-scheme' | 'prefers-reduced-motion', string>>;

/** Makes `@media` queries (and `matchMedia`) in the page see these features; resolves once they do. */
export async function emulateMedia(features: MediaFeatures): Promise<void> {
  await cdp().send('Emulation.setEmulatedMedia', {
    features: Object.entries(features).map(([name, value]) => ({ name, value })),
  });
  for (const [name, value] of Object.entries(features)) {
    if (!matchMedia(`(${name}: ${value})`).matches) throw new Error(`could not emulate ${name}: ${value}`);
  }
}
