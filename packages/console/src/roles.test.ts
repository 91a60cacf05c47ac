import { TokenRole } from '@chat-wall/sdk';
import { describe, expect, it } from 'vitest';
import { canRun, canSee, firstView, rolesOr } from './roles.js';
import { Command, View } from './shortcuts.js';

const PRODUCE = [TokenRole.Produce];
const MODERATE = [TokenRole.Moderate];
const BOTH = rolesOr(undefined);

describe('console roles', () => {
  it('a produce-only token sees the program but not the queue, removed posts or settings', () => {
    expect(canSee(PRODUCE, View.Program)).toBe(true);
    expect(canSee(PRODUCE, View.Wall)).toBe(true);
    expect(canSee(PRODUCE, View.Queue)).toBe(false);
    expect(canSee(PRODUCE, View.Removed)).toBe(false);
    expect(canSee(PRODUCE, View.Settings)).toBe(false);
    expect(firstView(PRODUCE)).toBe(View.Program);
    // No decision in any list, nor the keys that open moderators' views.
    expect(canRun(PRODUCE, Command.Remove, View.Wall)).toBe(false);
    expect(canRun(PRODUCE, Command.Pin, View.Wall)).toBe(false);
    expect(canRun(PRODUCE, Command.Approve, View.Queue)).toBe(false);
    expect(canRun(PRODUCE, Command.ShowQueue, View.Program)).toBe(false);
    expect(canRun(PRODUCE, Command.TakeNext, View.Program)).toBe(true);
    expect(canRun(PRODUCE, Command.Next, View.Wall)).toBe(true);
    // Questions and sessions: read, but not changed.
    expect(canSee(PRODUCE, View.Questions)).toBe(true);
    expect(canRun(PRODUCE, Command.Next, View.Questions)).toBe(true);
    expect(canRun(PRODUCE, Command.Assign, View.Questions)).toBe(false);
    expect(canRun(PRODUCE, Command.Answer, View.Questions)).toBe(false);
    expect(canRun(PRODUCE, Command.Dismiss, View.Questions)).toBe(false);
    expect(canRun(PRODUCE, Command.NewSession, View.Sessions)).toBe(false);
    expect(canRun(PRODUCE, Command.EndSession, View.Sessions)).toBe(false);
    expect(canRun(MODERATE, Command.Assign, View.Questions)).toBe(true);
    expect(canRun(MODERATE, Command.ExtendSession, View.Sessions)).toBe(true);
  });

  it('a moderate-only token has no program view and no take', () => {
    expect(canSee(MODERATE, View.Program)).toBe(false);
    expect(canRun(MODERATE, Command.ShowProgram, View.Queue)).toBe(false);
    expect(canRun(MODERATE, Command.TakeNext, View.Program)).toBe(false);
    expect(canRun(MODERATE, Command.Approve, View.Queue)).toBe(true);
    expect(firstView(MODERATE)).toBe(View.Queue);
  });

  it('a token without roles (an older relay) may do everything', () => {
    expect(BOTH).toEqual([TokenRole.Moderate, TokenRole.Produce]);
    for (const view of Object.values(View)) expect(canSee(BOTH, view)).toBe(true);
    expect(canRun(BOTH, Command.Remove, View.Wall)).toBe(true);
    expect(canRun(BOTH, Command.ClearAir, View.Program)).toBe(true);
  });
});
