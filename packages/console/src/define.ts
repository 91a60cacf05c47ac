import { ChatWallConsoleAudit } from './audit-log.js';
import { ChatWallConsoleBans } from './ban-list.js';
import { ChatWallConsole } from './console-app.js';
import { ChatWallConsoleInsights } from './insights-view.js';
import { ChatWallConsoleProducer } from './producer-view.js';
import { ChatWallConsoleQuestions } from './questions-view.js';
import { ChatWallConsoleSessions } from './sessions-view.js';
import { ChatWallConsoleSettings } from './settings-form.js';
import { ChatWallConsoleSources } from './sources-view.js';
import { ChatWallConsoleSubmissions } from './submissions-switch.js';

// Registration lives apart from the classes, so importing a class has no side effects.
const elements: [string, CustomElementConstructor][] = [
  ['chat-wall-console', ChatWallConsole],
  ['chat-wall-console-settings', ChatWallConsoleSettings],
  ['chat-wall-console-audit', ChatWallConsoleAudit],
  ['chat-wall-console-bans', ChatWallConsoleBans],
  ['chat-wall-console-questions', ChatWallConsoleQuestions],
  ['chat-wall-console-sessions', ChatWallConsoleSessions],
  ['chat-wall-console-insights', ChatWallConsoleInsights],
  ['chat-wall-console-producer', ChatWallConsoleProducer],
  ['chat-wall-console-sources', ChatWallConsoleSources],
  ['chat-wall-console-submissions', ChatWallConsoleSubmissions],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);
