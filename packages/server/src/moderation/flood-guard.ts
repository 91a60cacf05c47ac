/**
 * Memory of recent posts on one wall, for the stateful filters: the same text repeated, and
 * authors posting faster than the cap. Bounded: entries older than the longest window are pruned
 * as new ones come, so memory follows the post rate, not how long the wall runs.
 *
 * Time is passed in (ms) so that tests and the pipeline's callers control the clock.
 */
export class FloodGuard {
  private readonly texts = new Map<string, number>();
  private readonly authors = new Map<string, number[]>();
  private textsPruned = 0;
  private authorsPruned = 0;

  /**
   * Records a post's normalised text at `now`; returns how many ms ago the same text was last
   * seen, or `undefined` if it was not seen within `windowMs`.
   */
  seenText(key: string, now: number, windowMs: number): number | undefined {
    // At most once per window, as pruning walks the map.
    if (now - this.textsPruned >= windowMs) {
      this.textsPruned = now;
      for (const [text, at] of this.texts) {
        if (now - at < windowMs) break; // insertion order is time order
        this.texts.delete(text);
      }
    }
    const last = this.texts.get(key);
    // Re-insert so that the Map stays in time order for pruning.
    this.texts.delete(key);
    this.texts.set(key, now);
    return last !== undefined && now - last < windowMs ? now - last : undefined;
  }

  /** Records a post by `author` at `now`; returns how many posts it made within `windowMs`, this one included. */
  countAuthor(author: string, now: number, windowMs: number): number {
    if (now - this.authorsPruned >= windowMs) {
      this.authorsPruned = now;
      for (const [key, times] of this.authors) {
        if (now - times[times.length - 1]! >= windowMs) this.authors.delete(key);
      }
    }
    let times = this.authors.get(author);
    if (!times) this.authors.set(author, (times = []));
    let drop = 0;
    while (drop < times.length && now - times[drop]! >= windowMs) drop++;
    if (drop) times.splice(0, drop);
    times.push(now);
    return times.length;
  }

  /** Number of texts and authors remembered; for tests and metrics. */
  get size(): number {
    return this.texts.size + this.authors.size;
  }
}
