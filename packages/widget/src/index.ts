export {
  ChatWall,
  DEFAULT_TICKER_SPEED,
  DEFAULT_WIDGET_POSTS,
  HistoryMode,
  Layout,
  Motion,
  Theme,
} from './chat-wall.js';
export { ChatWallErrorEvent, ChatWallPostEvent, ChatWallStatusEvent } from './events.js';
export { WallController } from './wall-controller.js';
export type { WallConnector, WallTarget } from './wall-controller.js';
export { RelativeTimeController, formatRelativeTime } from './relative-time.js';
export { renderSegments } from './render-segments.js';
export { lightPalette, visuallyHidden } from './styles.js';
export { hueOf, initialsOf, renderMarks } from './post-parts.js';
export type { LayoutContext, LayoutRenderer, OlderPostsView } from './layouts/layout.js';
export { OlderPostsController, OlderPostsState } from './older-posts.js';
export type { PageFetcher } from './older-posts.js';
export { chooseLocale, english, LOCALES, translatorFor } from './i18n/translator.js';
export type { LocaleChoice, LocaleCode, Translator } from './i18n/translator.js';
