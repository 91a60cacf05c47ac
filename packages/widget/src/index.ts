export { ChatWall, DEFAULT_WIDGET_POSTS, Layout, Theme } from './chat-wall.js';
export { ChatWallErrorEvent, ChatWallPostEvent, ChatWallStatusEvent } from './events.js';
export { WallController } from './wall-controller.js';
export type { WallConnector, WallTarget } from './wall-controller.js';
export { RelativeTimeController, formatRelativeTime } from './relative-time.js';
export { renderSegments } from './render-segments.js';
export type { LayoutContext, LayoutRenderer } from './layouts/layout.js';
