import type { Post } from '@chat-wall/sdk/protocol';
import type { Source, SourceHealth, SourceSink } from '../../src/sources/source.js';

/** A source the test pushes posts into, as a real source would deliver them. */
export class ManualSource implements Source {
  readonly name = 'replay' as const;
  private sink: SourceSink | undefined;
  private delivered = 0;
  tags: readonly string[] = [];

  async start(sink: SourceSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  async setTags(tags: readonly string[]): Promise<void> {
    this.tags = tags;
  }

  health(): SourceHealth {
    return { state: this.sink ? 'running' : 'stopped', postsDelivered: this.delivered };
  }

  push(...posts: Post[]): void {
    if (!this.sink) throw new Error('ManualSource is not started');
    for (const post of posts) {
      this.delivered++;
      this.sink.post(post);
    }
  }
}
