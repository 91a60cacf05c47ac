export { ChatWallConsole } from './console-app.js';
export { ChatWallConsoleSettings } from './settings-form.js';
export { ChatWallConsoleAudit } from './audit-log.js';
export { ChatWallConsoleBans } from './ban-list.js';
export { ChatWallConsoleProducer } from './producer-view.js';
export { ConsoleController, Phase } from './console-controller.js';
export type { Outcome } from './console-controller.js';
export { Command, SHORTCUTS, View, commandFor, isTyping, shortcutsFor } from './shortcuts.js';
export type { KeyInput, Shortcut } from './shortcuts.js';
