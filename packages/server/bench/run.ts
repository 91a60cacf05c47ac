// Runs every benchmark of the relay in turn (`pnpm bench`), or one by name (`pnpm bench fanout
// viewers=1000`, the rest of the line is its arguments). Each prints its own figures next to a
// baseline measured in the same run; run one alone with `node --import tsx packages/server/bench/<file>.ts`.
export {};
const named = ['fanout', 'ingest-burst', 'sdk-fold', 'scale-out', 'widget-frames'];
const name = process.argv[2];
if (name !== undefined) {
  if (!named.includes(name)) {
    console.error(`Unknown benchmark "${name}"; one of: ${named.join(', ')}, or none for the whole set.`);
    process.exit(1);
  }
  process.argv.splice(2, 1);
  await import(`./${name}.js`);
} else {
  await import('./x-normalise-route.js');
  await import('./moderation-filters.js');
  await import('./moderation-latency.js');
  await import('./program-latency.js');
  await import('./store-bench.js');
  await import('./bluesky-jetstream.js');
  // Last: it runs for CHAT_WALL_SOAK_MINUTES (default 30).
  await import('./soak.js');
}
