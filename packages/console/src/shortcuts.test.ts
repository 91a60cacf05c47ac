import { describe, expect, it } from 'vitest';
import { Command, commandFor, isTyping, SHORTCUTS, View, type KeyInput } from './shortcuts.js';

const key = (k: string, target: unknown = null, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: target as EventTarget | null,
  ...mods,
});

describe('shortcuts', () => {
  it('maps keys to commands per view', () => {
    expect(commandFor(key('a'), View.Queue)).toBe(Command.Approve);
    expect(commandFor(key('A'), View.Queue)).toBe(Command.BulkApprove);
    expect(commandFor(key('ArrowDown'), View.Wall)).toBe(Command.Next);
    expect(commandFor(key('x'), View.Wall)).toBe(Command.Remove);
    // Approving is a queue thing; removing a wall thing.
    expect(commandFor(key('a'), View.Wall)).toBeUndefined();
    expect(commandFor(key('x'), View.Queue)).toBeUndefined();
    expect(commandFor(key('?'), View.Settings)).toBe(Command.Help);
    expect(commandFor(key('1'), View.Audit)).toBe(Command.ShowQueue);
    expect(commandFor(key('3'), View.Queue)).toBe(Command.ShowRemoved);
    expect(commandFor(key('d'), View.Wall)).toBe(Command.Answer);
    expect(commandFor(key('u'), View.Removed)).toBe(Command.Restore);
    expect(commandFor(key('j'), View.Removed)).toBe(Command.Next);
    // Restoring is only for removed and rejected posts; nobody is banned from that list.
    expect(commandFor(key('u'), View.Wall)).toBeUndefined();
    expect(commandFor(key('b'), View.Removed)).toBeUndefined();
  });

  it('triages questions and manages sessions with their own keys', () => {
    expect(commandFor(key('6'), View.Queue)).toBe(Command.ShowQuestions);
    expect(commandFor(key('7'), View.Questions)).toBe(Command.ShowSessions);
    expect(commandFor(key('a'), View.Questions)).toBe(Command.Assign);
    expect(commandFor(key('d'), View.Questions)).toBe(Command.Answer);
    expect(commandFor(key('x'), View.Questions)).toBe(Command.Dismiss);
    expect(commandFor(key('u'), View.Questions)).toBe(Command.Reopen);
    expect(commandFor(key('j'), View.Questions)).toBe(Command.Next);
    expect(commandFor(key('n'), View.Sessions)).toBe(Command.NewSession);
    expect(commandFor(key('E'), View.Sessions)).toBe(Command.EndSession);
    expect(commandFor(key('+'), View.Sessions)).toBe(Command.ExtendSession);
    // Dismissing a question is not removing a post; sessions are not approved.
    expect(commandFor(key('x'), View.Sessions)).toBeUndefined();
    expect(commandFor(key('a'), View.Sessions)).toBeUndefined();
  });

  it('runs the program with space, Esc and its own keys', () => {
    expect(commandFor(key('8'), View.Queue)).toBe(Command.ShowProgram);
    expect(commandFor(key(' '), View.Program)).toBe(Command.TakeNext);
    expect(commandFor(key('Escape'), View.Program)).toBe(Command.ClearAir);
    expect(commandFor(key('t'), View.Program)).toBe(Command.Take);
    expect(commandFor(key('a'), View.Program)).toBe(Command.AddToRundown);
    expect(commandFor(key('J'), View.Program)).toBe(Command.MoveDown);
    expect(commandFor(key('ArrowRight'), View.Program)).toBe(Command.OtherColumn);
    expect(commandFor(key('j'), View.Program)).toBe(Command.Next);
    // Space and Esc mean nothing elsewhere; never while typing the dwell time.
    expect(commandFor(key(' '), View.Queue)).toBeUndefined();
    expect(commandFor(key('Escape'), View.Wall)).toBeUndefined();
    expect(commandFor(key(' ', { tagName: 'INPUT', type: 'number' }), View.Program)).toBeUndefined();
  });

  it('never fires while typing, nor with Ctrl, Meta or Alt', () => {
    expect(commandFor(key('a', { tagName: 'INPUT', type: 'text' }), View.Queue)).toBeUndefined();
    expect(commandFor(key('a', { tagName: 'TEXTAREA' }), View.Queue)).toBeUndefined();
    expect(commandFor(key('a', { tagName: 'DIV', isContentEditable: true }), View.Queue)).toBeUndefined();
    expect(commandFor(key('a', null, { ctrlKey: true }), View.Queue)).toBeUndefined();
    expect(commandFor(key('r', null, { metaKey: true }), View.Queue)).toBeUndefined();
    expect(commandFor(key('a', { tagName: 'BUTTON' }), View.Queue)).toBe(Command.Approve);
  });

  it('tells typing targets from others', () => {
    expect(isTyping({ tagName: 'INPUT', type: 'password' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTyping({ tagName: 'ARTICLE' } as unknown as EventTarget)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });

  it('gives every key to one command only in each view', () => {
    for (const view of Object.values(View)) {
      const keys = SHORTCUTS.filter((s) => !s.views || s.views.includes(view)).flatMap((s) => s.keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
