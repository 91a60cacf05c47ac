import type { TestProject } from 'vitest/node';
import { startControlServer } from './support/control-server.js';

/** Starts a real relay (and the control server browser tests drive relays with) for the browser project. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const control = await startControlServer();
  project.provide('relayUrl', control.defaultRelay.url);
  project.provide('controlUrl', control.url);
  return () => control.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A relay serving `#askGMP` with posts `replay:1` to `replay:3`, for tests that only read. */
    relayUrl: string;
    /** The control server of `support/control-server.ts`. */
    controlUrl: string;
  }
}
