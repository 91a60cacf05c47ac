import { describe, expect, it } from 'vitest';
import { nextTab } from './console-panels.js';

describe('nextTab', () => {
  it('moves along the tabs as the screen shows them: right to left, Left is the next tab', () => {
    expect([nextTab('ArrowRight', 0, 3), nextTab('ArrowLeft', 0, 3)]).toEqual([1, 2]);
    expect([nextTab('ArrowLeft', 0, 3, 'rtl'), nextTab('ArrowRight', 0, 3, 'rtl')]).toEqual([1, 2]);
    expect([nextTab('Home', 2, 3, 'rtl'), nextTab('End', 0, 3, 'rtl'), nextTab('a', 0, 3)]).toEqual([0, 2, undefined]);
  });
});
