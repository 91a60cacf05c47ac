/** A listener of one event type with its single payload. */
export type Listener<T> = (payload: T) => void;

/**
 * The listeners of an object's events, keyed by event name, each event with one payload.
 * A listener that throws is reported (`reportError` in browsers, `console.error` in Node) and the
 * others still run: one bug in an app's handler must not stop the stream nor crash a Node process.
 */
export class Listeners<Events extends object> {
  private readonly byType = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.byType.get(type);
    if (!set) this.byType.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(type, listener);
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.byType.get(type)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    for (const listener of this.byType.get(type) ?? []) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (err) {
        reportListenerError(err);
      }
    }
  }
}

function reportListenerError(err: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(err);
  else console.error('chat-wall: a listener threw:', err);
}
