// Runs every benchmark of the relay in turn (`pnpm bench`).
export {};
await import('./x-normalise-route.js');
