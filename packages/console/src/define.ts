import { ChatWallConsoleAudit } from './audit-log.js';
import { ChatWallConsole } from './console-app.js';
import { ChatWallConsoleSettings } from './settings-form.js';

// Registration lives apart from the classes, so importing a class has no side effects.
const elements: [string, CustomElementConstructor][] = [
  ['chat-wall-console', ChatWallConsole],
  ['chat-wall-console-settings', ChatWallConsoleSettings],
  ['chat-wall-console-audit', ChatWallConsoleAudit],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);
