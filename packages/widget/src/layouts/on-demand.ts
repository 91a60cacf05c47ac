import { lowerThirdLayout, spotlightLayout, tickerLayout } from './broadcast.js';
import type { LayoutRenderer } from './layout.js';
import { overlayLayout } from './overlay.js';
import { qaLayout } from './qa.js';
import { gridLayout, masonryLayout } from './venue.js';

// Every layout but `list`, in one chunk loaded the first time an element draws one of them: a web
// page with the default list never downloads them. One chunk rather than one per layout: the
// bundler keeps lit in the entry only while few chunks share it (see docs/performance.md), and a
// screen that shows one of these layouts usually shows another soon after.

/** The layouts loaded on demand, by `layout` attribute value. */
export const layouts: Readonly<Record<string, LayoutRenderer>> = {
  overlay: overlayLayout,
  qa: qaLayout,
  'lower-third': lowerThirdLayout,
  ticker: tickerLayout,
  spotlight: spotlightLayout,
  grid: gridLayout,
  masonry: masonryLayout,
};
