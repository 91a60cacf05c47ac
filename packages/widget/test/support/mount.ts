// Browser side of the tests: mount <chat-wall>, read what it rendered, await its events.
import type { ConnectionState, WallState } from '@chat-wall/sdk';
import '../../src/define.js';
import type { ChatWall } from '../../src/chat-wall.js';

const mounted = new Set<ChatWall>();

/** Adds a `<chat-wall>` with these attributes to the page. */
export function mount(attributes: Record<string, string>): ChatWall {
  const el = document.createElement('chat-wall');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  mounted.add(el);
  return el;
}

/** Removes every mounted element (which closes their connections). */
export function unmountAll(): void {
  for (const el of mounted) el.remove();
  mounted.clear();
}

export function shadow(el: ChatWall): ShadowRoot {
  if (!el.shadowRoot) throw new Error('<chat-wall> has no shadow root');
  return el.shadowRoot;
}

/** `data-post-id`s of the rendered post elements, in document order. */
export function postIds(el: ChatWall): string[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[part~="post"]')].map((p) => p.dataset.postId ?? '');
}

export function postElement(el: ChatWall, id: string): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>(`[part~="post"][data-post-id="${CSS.escape(id)}"]`);
}

/** Resolves once the element reaches `state` (at once if it is there) and has rendered it. */
export async function whenStatus(el: ChatWall, state: ConnectionState): Promise<void> {
  if (el.status !== state) {
    await new Promise<void>((resolve) => {
      const onStatus = (event: HTMLElementEventMap['chat-wall-status']) => {
        if (event.change.state !== state) return;
        el.removeEventListener('chat-wall-status', onStatus);
        resolve();
      };
      el.addEventListener('chat-wall-status', onStatus);
    });
  }
  await el.updateComplete;
}

/** Resolves once `id` has appeared on the wall and is rendered. Call before causing it. */
export function whenPost(el: ChatWall, id: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const onPost = (event: HTMLElementEventMap['chat-wall-post']) => {
      if (event.post.id !== id) return;
      el.removeEventListener('chat-wall-post', onPost);
      resolve(el.updateComplete.then(() => undefined));
    };
    el.addEventListener('chat-wall-post', onPost);
  });
}

/** Resolves once the wall's state satisfies `predicate` and is rendered. Call before causing it. */
export function whenState(el: ChatWall, predicate: (state: WallState) => boolean): Promise<void> {
  const wall = el.wall;
  if (!wall) throw new Error('<chat-wall> is not connected');
  return new Promise<void>((resolve) => {
    const off = wall.on('state', (state) => {
      if (!predicate(state)) return;
      off();
      resolve(el.updateComplete.then(() => undefined));
    });
  });
}
