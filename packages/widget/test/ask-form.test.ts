// The audience question form (`<chat-wall ask>`) in real Chromium against a real relay whose wall
// takes questions: keyboard only, errors tied to their fields and announced, the relay's refusals,
// the "sent for moderation" state, and axe-core in both themes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatWall } from '../src/chat-wall.js';
import { violations } from './support/axe.js';
import { mount, shadow, unmountAll, whenStatus } from './support/mount.js';
import { startTestRelay, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close().catch(() => undefined)));
});

async function nativeRelay(): Promise<TestRelay> {
  const r = await startTestRelay(['askGMP'], { native: true });
  relays.push(r);
  return r;
}

/** The form's shadow root, once its chunk has loaded and rendered. */
async function form(el: ChatWall): Promise<ShadowRoot> {
  await vi.waitFor(() =>
    expect(shadow(el).querySelector('chat-wall-ask')?.shadowRoot?.querySelector('form')).toBeTruthy(),
  );
  const ask = shadow(el).querySelector('chat-wall-ask')!;
  await ask.updateComplete;
  return ask.shadowRoot!;
}

const q = <T extends Element = HTMLElement>(root: ShadowRoot, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};

async function keyboard(keys: string): Promise<void> {
  const { userEvent } = await import('vitest/browser');
  await userEvent.keyboard(keys);
}

describe('<chat-wall ask>', () => {
  it('sends a question with the keyboard alone and says it went to moderation', async () => {
    const r = await nativeRelay();
    const el = mount({ tag: 'askGMP', server: r.url, ask: '' });
    await whenStatus(el, 'live');
    const root = await form(el);
    // Every field has a label; the honeypot is out of the tab order and hidden from assistive tech.
    expect(q(root, 'label[for="ask-name"]').textContent).toBe('Your name');
    expect(q(root, 'label[for="ask-text"]').textContent).toBe('Your question');
    expect(q(root, '[name="website"]').tabIndex).toBe(-1);
    expect(q(root, '.ask-trap').getAttribute('aria-hidden')).toBe('true');

    q<HTMLInputElement>(root, '#ask-name').focus();
    await keyboard('Ana');
    await keyboard('{Tab}');
    expect(root.activeElement?.id).toBe('ask-text');
    await keyboard('When does the new bus route open?');
    expect(q(root, '#ask-text-count').textContent?.trim()).toBe(`${500 - 33} characters left`);
    await keyboard('{Tab}');
    expect(root.activeElement?.getAttribute('type')).toBe('submit'); // the honeypot was skipped
    let sent = false;
    el.addEventListener('chat-wall-ask-sent', () => (sent = true));
    await keyboard('{Enter}');

    await vi.waitFor(() => expect(root.activeElement?.classList.contains('ask-sent')).toBe(true));
    expect(q(root, '.ask-sent').getAttribute('role')).toBe('status');
    expect(q(root, '.ask-sent').textContent).toMatch(/Sent for moderation\./);
    expect(sent).toBe(true);
    const held = await r.held();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      source: 'native',
      text: 'When does the new bus route open?',
      author: { name: 'Ana' },
      reason: 'audience submission',
    });

    // Another question: Tab reaches the button; focus goes back to the (emptied) question field.
    await keyboard('{Tab}');
    expect(root.activeElement?.textContent).toBe('Ask another question');
    await keyboard('{Enter}');
    await vi.waitFor(() => expect(root.activeElement?.id).toBe('ask-text'));
    expect(q<HTMLTextAreaElement>(root, '#ask-text').value).toBe('');
    expect(q<HTMLInputElement>(root, '#ask-name').value).toBe('Ana');
  });

  it('ties errors to their fields, moves focus to the first, and counts characters as the relay does', async () => {
    const r = await nativeRelay();
    const el = mount({ tag: 'askGMP', server: r.url, ask: '' });
    const root = await form(el);
    q<HTMLButtonElement>(root, 'button[type="submit"]').click();
    await vi.waitFor(() => expect(root.activeElement?.id).toBe('ask-name'));
    expect(q(root, '#ask-name').getAttribute('aria-invalid')).toBe('true');
    expect(q(root, '#ask-name-error').textContent).toBe('Please enter your name.');
    expect(q(root, '#ask-text-error').textContent).toBe('Please enter your question.');
    expect(q(root, '#ask-text').getAttribute('aria-describedby')).toBe('ask-text-count ask-text-error');

    // 501 characters, one of them an emoji of two UTF-16 units: one character too many.
    await keyboard('Ana');
    const text = q<HTMLTextAreaElement>(root, '#ask-text');
    text.value = `${'a'.repeat(499)}😀b`;
    text.dispatchEvent(new Event('input'));
    await el.updateComplete;
    await shadow(el).querySelector('chat-wall-ask')!.updateComplete;
    expect(q(root, '#ask-text-count').textContent?.trim()).toBe('1 character too many');
    expect(q(root, '[aria-live="polite"]').textContent?.trim()).toBe('1 character too many');
    q<HTMLButtonElement>(root, 'button[type="submit"]').click();
    await vi.waitFor(() => expect(root.activeElement?.id).toBe('ask-text'));
    expect(q(root, '#ask-text-error').textContent).toBe('Your question can be at most 500 characters.');
    expect(await r.held()).toEqual([]);
  });

  it('announces the relay’s refusal when there have been too many questions', async () => {
    const r = await nativeRelay();
    const el = mount({ tag: 'askGMP', server: r.url, ask: '' });
    const root = await form(el);
    q<HTMLInputElement>(root, '#ask-name').value = 'Ben';
    for (let i = 0; i < 6; i++) {
      q<HTMLTextAreaElement>(root, '#ask-text').value = `Question number ${i}?`;
      q<HTMLButtonElement>(root, 'button[type="submit"]').click();
      if (i < 5) {
        await vi.waitFor(() => expect(root.querySelector('.ask-sent')).not.toBeNull());
        q<HTMLButtonElement>(root, '.ask-sent button').click();
        await vi.waitFor(() => expect(root.querySelector('.ask-sent')).toBeNull());
      }
    }
    await vi.waitFor(() =>
      expect(q(root, '[role="alert"]').textContent).toMatch(
        /^Too many questions right now\. Please try again in \d+ minutes\.$/,
      ),
    );
    expect(await r.held()).toHaveLength(5);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`passes axe-core with errors shown: ${theme}`, async () => {
      const r = await nativeRelay();
      const el = mount({ tag: 'askGMP', server: r.url, ask: '', theme });
      await whenStatus(el, 'live');
      const root = await form(el);
      q<HTMLButtonElement>(root, 'button[type="submit"]').click();
      await vi.waitFor(() => expect(q(root, '#ask-name-error').textContent).not.toBe(''));
      expect(await violations(el)).toEqual([]);
    });
  }
});
