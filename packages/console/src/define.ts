import { ChatWallConsoleAudit } from './audit-log.js';
import { ChatWallConsoleBans } from './ban-list.js';
import { ChatWallConsole } from './console-app.js';
import { ChatWallConsoleSettings } from './settings-form.js';

// Registration lives apart from the classes, so importing a class has no side effects.
const elements: [string, CustomElementConstructor][] = [
  ['chat-wall-console', ChatWallConsole],
  ['chat-wall-console-settings', ChatWallConsoleSettings],
  ['chat-wall-console-audit', ChatWallConsoleAudit],
  ['chat-wall-console-bans', ChatWallConsoleBans],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);
