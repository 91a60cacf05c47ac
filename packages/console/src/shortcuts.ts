/**
 * The console's keyboard shortcuts as data: one table drives the key handling, the hints on
 * screen and the help dialog, so they cannot drift apart.
 */

import type { ConsoleKey } from './i18n/en.js';

/** The console's views; each has its own shortcuts on top of the global ones. */
export const View = {
  Queue: 'queue',
  Wall: 'wall',
  /** Removed and rejected posts, newest decision first, to restore. */
  Removed: 'removed',
  Settings: 'settings',
  Audit: 'audit',
  /** Audience questions to triage: unanswered first, oldest first. */
  Questions: 'questions',
  /** The wall's sessions, and each one's insights. */
  Sessions: 'sessions',
  /** The broadcast program: what is on air, the rundown, Take / Clear / Next. */
  Program: 'program',
  /** The health of the wall's sources (X, Mastodon, Bluesky, audience questions). */
  Sources: 'sources',
} as const;
export type View = (typeof View)[keyof typeof View];

/** What a shortcut does. */
export const Command = {
  Next: 'next',
  Previous: 'previous',
  Approve: 'approve',
  Reject: 'reject',
  BulkApprove: 'bulk-approve',
  Pin: 'pin',
  Highlight: 'highlight',
  Remove: 'remove',
  Answer: 'answer',
  Restore: 'restore',
  Ban: 'ban',
  Help: 'help',
  ShowQueue: 'show-queue',
  ShowWall: 'show-wall',
  ShowRemoved: 'show-removed',
  ShowSettings: 'show-settings',
  ShowAudit: 'show-audit',
  Assign: 'assign',
  Dismiss: 'dismiss',
  Reopen: 'reopen',
  NewSession: 'new-session',
  EditSession: 'edit-session',
  ExtendSession: 'extend-session',
  EndSession: 'end-session',
  ShowQuestions: 'show-questions',
  ShowSessions: 'show-sessions',
  ShowProgram: 'show-program',
  ShowSources: 'show-sources',
  /** Takes the next post to air: the rundown's after the one on air, else the newest approved. */
  TakeNext: 'take-next',
  /** Takes the selected post to air. */
  Take: 'take',
  /** Clears the air. */
  ClearAir: 'clear-air',
  AddToRundown: 'add-to-rundown',
  RemoveFromRundown: 'remove-from-rundown',
  MoveUp: 'move-up',
  MoveDown: 'move-down',
  /** Moves between the approved posts and the rundown. */
  OtherColumn: 'other-column',
} as const;
export type Command = (typeof Command)[keyof typeof Command];

export interface Shortcut {
  command: Command;
  /** `KeyboardEvent.key` values that trigger it. */
  keys: readonly string[];
  /** How the key is shown on screen. */
  label: string;
  /** The `aria-keyshortcuts` value. */
  aria: string;
  /** What it does: a key of the console's catalogs. */
  description: ConsoleKey;
  /** Views it works in; every view when absent. */
  views?: readonly View[];
}

/** Views that show a list of posts to move through. */
const LISTS = [View.Queue, View.Wall, View.Removed, View.Questions, View.Sessions, View.Program] as const;
const PROGRAM = [View.Program] as const;
/** Views where a post's author can be banned. */
const LIVE = [View.Queue, View.Wall] as const;

export const SHORTCUTS: readonly Shortcut[] = [
  {
    command: Command.Next,
    keys: ['j', 'ArrowDown'],
    label: 'j / ↓',
    aria: 'J ArrowDown',
    description: 'cmdNext',
    views: LISTS,
  },
  {
    command: Command.Previous,
    keys: ['k', 'ArrowUp'],
    label: 'k / ↑',
    aria: 'K ArrowUp',
    description: 'cmdPrevious',
    views: LISTS,
  },
  { command: Command.Approve, keys: ['a'], label: 'a', aria: 'A', description: 'cmdApprove', views: [View.Queue] },
  { command: Command.Reject, keys: ['r'], label: 'r', aria: 'R', description: 'cmdReject', views: [View.Queue] },
  {
    command: Command.BulkApprove,
    keys: ['A'],
    label: 'Shift+a',
    aria: 'Shift+A',
    description: 'cmdBulkApprove',
    views: [View.Queue],
  },
  { command: Command.Pin, keys: ['p'], label: 'p', aria: 'P', description: 'cmdPin', views: [View.Wall] },
  {
    command: Command.Highlight,
    keys: ['h'],
    label: 'h',
    aria: 'H',
    description: 'cmdHighlight',
    views: [View.Wall],
  },
  {
    command: Command.Answer,
    keys: ['d'],
    label: 'd',
    aria: 'D',
    description: 'cmdAnswer',
    views: [View.Wall, View.Questions],
  },
  {
    command: Command.Remove,
    keys: ['x'],
    label: 'x',
    aria: 'X',
    description: 'cmdRemove',
    views: [View.Wall],
  },
  {
    command: Command.Restore,
    keys: ['u'],
    label: 'u',
    aria: 'U',
    description: 'cmdRestore',
    views: [View.Removed],
  },
  {
    command: Command.Ban,
    keys: ['b'],
    label: 'b',
    aria: 'B',
    description: 'cmdBan',
    views: LIVE,
  },
  {
    command: Command.Assign,
    keys: ['a'],
    label: 'a',
    aria: 'A',
    description: 'cmdAssign',
    views: [View.Questions],
  },
  {
    command: Command.Dismiss,
    keys: ['x'],
    label: 'x',
    aria: 'X',
    description: 'cmdDismiss',
    views: [View.Questions],
  },
  {
    command: Command.Reopen,
    keys: ['u'],
    label: 'u',
    aria: 'U',
    description: 'cmdReopen',
    views: [View.Questions],
  },
  {
    command: Command.NewSession,
    keys: ['n'],
    label: 'n',
    aria: 'N',
    description: 'cmdNewSession',
    views: [View.Sessions],
  },
  {
    command: Command.EditSession,
    keys: ['e'],
    label: 'e',
    aria: 'E',
    description: 'cmdEditSession',
    views: [View.Sessions],
  },
  {
    command: Command.ExtendSession,
    keys: ['+'],
    label: '+',
    aria: 'Shift+=',
    description: 'cmdExtendSession',
    views: [View.Sessions],
  },
  {
    command: Command.EndSession,
    keys: ['E'],
    label: 'Shift+e',
    aria: 'Shift+E',
    description: 'cmdEndSession',
    views: [View.Sessions],
  },
  { command: Command.ShowQueue, keys: ['1'], label: '1', aria: '1', description: 'cmdShowQueue' },
  { command: Command.ShowWall, keys: ['2'], label: '2', aria: '2', description: 'cmdShowWall' },
  { command: Command.ShowRemoved, keys: ['3'], label: '3', aria: '3', description: 'cmdShowRemoved' },
  { command: Command.ShowSettings, keys: ['4'], label: '4', aria: '4', description: 'cmdShowSettings' },
  { command: Command.ShowAudit, keys: ['5'], label: '5', aria: '5', description: 'cmdShowAudit' },
  { command: Command.ShowQuestions, keys: ['6'], label: '6', aria: '6', description: 'cmdShowQuestions' },
  { command: Command.ShowSessions, keys: ['7'], label: '7', aria: '7', description: 'cmdShowSessions' },
  {
    command: Command.TakeNext,
    keys: [' '],
    label: 'Space',
    aria: 'Space',
    description: 'cmdTakeNext',
    views: PROGRAM,
  },
  {
    command: Command.ClearAir,
    keys: ['Escape'],
    label: 'Esc',
    aria: 'Escape',
    description: 'cmdClearAir',
    views: PROGRAM,
  },
  {
    command: Command.Take,
    keys: ['t'],
    label: 't',
    aria: 'T',
    description: 'cmdTake',
    views: PROGRAM,
  },
  {
    command: Command.AddToRundown,
    keys: ['a'],
    label: 'a',
    aria: 'A',
    description: 'cmdAddToRundown',
    views: PROGRAM,
  },
  {
    command: Command.RemoveFromRundown,
    keys: ['x', 'Delete'],
    label: 'x / Del',
    aria: 'X Delete',
    description: 'cmdRemoveFromRundown',
    views: PROGRAM,
  },
  {
    command: Command.MoveUp,
    keys: ['K'],
    label: 'Shift+k',
    aria: 'Shift+K',
    description: 'cmdMoveUp',
    views: PROGRAM,
  },
  {
    command: Command.MoveDown,
    keys: ['J'],
    label: 'Shift+j',
    aria: 'Shift+J',
    description: 'cmdMoveDown',
    views: PROGRAM,
  },
  {
    command: Command.OtherColumn,
    keys: ['ArrowLeft', 'ArrowRight', 'h', 'l'],
    label: '← / →',
    aria: 'ArrowLeft ArrowRight',
    description: 'cmdOtherColumn',
    views: PROGRAM,
  },
  { command: Command.ShowProgram, keys: ['8'], label: '8', aria: '8', description: 'cmdShowProgram' },
  { command: Command.ShowSources, keys: ['9'], label: '9', aria: '9', description: 'cmdShowSources' },
  { command: Command.Help, keys: ['?'], label: '?', aria: 'Shift+?', description: 'cmdHelp' },
];

/** The view each "show" command opens. */
export const VIEW_OF: Partial<Record<Command, View>> = {
  [Command.ShowQueue]: View.Queue,
  [Command.ShowWall]: View.Wall,
  [Command.ShowRemoved]: View.Removed,
  [Command.ShowSettings]: View.Settings,
  [Command.ShowAudit]: View.Audit,
  [Command.ShowQuestions]: View.Questions,
  [Command.ShowSessions]: View.Sessions,
  [Command.ShowProgram]: View.Program,
  [Command.ShowSources]: View.Sources,
};

/** The shortcuts that work in a view. */
export function shortcutsFor(view: View): Shortcut[] {
  return SHORTCUTS.filter((s) => !s.views || s.views.includes(view));
}

/** The shortcut for a command (for hints next to buttons). */
export function shortcutOf(command: Command): Shortcut {
  return SHORTCUTS.find((s) => s.command === command)!;
}

/** The parts of a keyboard event that decide on a shortcut (a plain object in tests). */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The element the key went to, inside shadow roots too (`composedPath()[0]`). */
  target: EventTarget | null;
}

const TEXT_INPUTS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** Whether keys sent to `target` are someone typing (form fields, editable content). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as (Partial<HTMLElement> & { type?: string }) | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable) return true;
  if (!TEXT_INPUTS.has(el.tagName)) return false;
  return !(el.tagName === 'INPUT' && NOT_TYPING.has(String(el.type)));
}

/**
 * The command a key press means in `view`, or `undefined`: never while typing, never with
 * Ctrl, Meta or Alt (those belong to the browser and the system).
 */
export function commandFor(input: KeyInput, view: View): Command | undefined {
  if (input.ctrlKey || input.metaKey || input.altKey || isTyping(input.target)) return undefined;
  return shortcutsFor(view).find((s) => s.keys.includes(input.key))?.command;
}

/** Names of keys as shown in shortcut labels, in the console's language ("Shift+a" → "Umschalt+a"). */
const KEY_NAMES: Readonly<Record<string, ConsoleKey>> = {
  Space: 'keySpace',
  Shift: 'keyShift',
  Esc: 'keyEsc',
  Del: 'keyDel',
};

/** A shortcut's label with its key names in the console's language. */
export function keyLabel(label: string, t: (key: ConsoleKey) => string): string {
  return label.replace(/\b(Space|Shift|Esc|Del)\b/g, (name) => t(KEY_NAMES[name]!));
}
