import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The relay's Prometheus metrics, on a registry of its own so that several relays can share a process. */
export class Metrics {
  readonly registry = new Registry();
  readonly postsReceived = new Counter({
    name: 'chat_wall_posts_received_total',
    help: 'Posts delivered by sources, before deduplication',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly postsDuplicate = new Counter({
    name: 'chat_wall_posts_duplicate_total',
    help: 'Posts dropped because the wall already had them',
    registers: [this.registry],
  });
  readonly postsRouted = new Counter({
    name: 'chat_wall_posts_routed_total',
    help: 'Posts recorded for a wall, by moderation outcome',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'chat_wall_events_total',
    help: 'Events appended to wall logs',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly viewers = new Gauge({
    name: 'chat_wall_viewer_sockets',
    help: 'Connected viewer sockets',
    registers: [this.registry],
  });
  readonly clientErrors = new Counter({
    name: 'chat_wall_client_errors_total',
    help: 'Requests refused because the client sent something invalid',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly exportsRendered = new Counter({
    name: 'chat_wall_exports_rendered_total',
    help: 'Recap exports rendered (the others were served from the cache)',
    labelNames: ['format'] as const,
    registers: [this.registry],
  });
  readonly slowReadersDropped = new Counter({
    name: 'chat_wall_slow_readers_dropped_total',
    help: 'Connections ended because they left more unsent bytes in the relay than allowed',
    registers: [this.registry],
  });
  readonly ingestErrors = new Counter({
    name: 'chat_wall_ingest_errors_total',
    help: 'Posts that could not be recorded (store errors)',
    registers: [this.registry],
  });

  readonly postsDeletedAtSource = new Counter({
    name: 'chat_wall_posts_deleted_at_source_total',
    help: 'Posts taken off a wall or its queue because they were deleted where they were published',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly sourceMalformed = new Counter({
    name: 'chat_wall_source_malformed_total',
    help: 'Frames or records a source skipped because they were malformed',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly sourceReconnects = new Counter({
    name: 'chat_wall_source_reconnects_total',
    help: 'Reconnects and retries scheduled by the Mastodon and Bluesky sources, by reason',
    labelNames: ['source', 'reason'] as const,
    registers: [this.registry],
  });
  readonly sourceUp = new Gauge({
    name: 'chat_wall_source_up',
    help: 'Whether each connection of a source (Mastodon instance, Jetstream host) is reading (1) or not (0)',
    labelNames: ['source', 'part'] as const,
    registers: [this.registry],
  });

  readonly xPostsRead = new Counter({
    name: 'chat_wall_x_posts_read_total',
    help: 'Posts read from X (billed on pay-per-use), by how they were read',
    labelNames: ['via'] as const,
    registers: [this.registry],
  });
  readonly xReadBudgetRemaining = new Gauge({
    name: 'chat_wall_x_read_budget_remaining',
    help: "Post reads left in today's (UTC) X read budget",
    registers: [this.registry],
  });
  readonly xStreamState = new Gauge({
    name: 'chat_wall_x_stream_state',
    help: 'X filtered-stream connection state (1 for the current state)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly xReconnects = new Counter({
    name: 'chat_wall_x_reconnects_total',
    help: 'X stream reconnects scheduled, by the reconnect rule that applied',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly xMalformedLines = new Counter({
    name: 'chat_wall_x_malformed_lines_total',
    help: 'X stream lines skipped because they were not JSON or not a post',
    registers: [this.registry],
  });
  readonly xUnknownRuleTags = new Counter({
    name: 'chat_wall_x_unknown_rule_tags_total',
    help: 'matching_rules entries that named no wall of this relay (ignored)',
    registers: [this.registry],
  });

  readonly clusterRole = new Gauge({
    name: 'chat_wall_cluster_role',
    help: 'Whether this relay holds the sources (1 on the holder, 0 on followers; absent without REDIS_URL)',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });
  readonly limitFallbacks = new Counter({
    name: 'chat_wall_limit_fallbacks_total',
    help: 'Cluster-wide limit decisions taken by this relay alone because Redis could not be reached',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  readonly leaseChanges = new Counter({
    name: 'chat_wall_source_lease_changes_total',
    help: 'Times this relay took or lost the source lease',
    labelNames: ['change'] as const,
    registers: [this.registry],
  });
  readonly clusterLag = new Histogram({
    name: 'chat_wall_cluster_lag_seconds',
    help: 'Delay from a relay appending events to another relay receiving them through the Redis adapter',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults) collectDefaultMetrics({ register: this.registry });
  }
}
