// Runs every benchmark of the relay in turn (`pnpm bench`). Each prints its own figures next to a
// baseline measured in the same run; run one alone with `node --import tsx packages/server/bench/<file>.ts`.
export {};
await import('./x-normalise-route.js');
await import('./moderation-filters.js');
await import('./moderation-latency.js');
await import('./program-latency.js');
await import('./store-bench.js');
await import('./bluesky-jetstream.js');
// Last: it runs for CHAT_WALL_SOAK_MINUTES (default 30).
await import('./soak.js');
