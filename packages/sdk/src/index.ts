export { connectWall, Wall } from './client/connect-wall.js';
export type { ConnectWallOptions, WallEvents } from './client/connect-wall.js';
export { ConnectionState } from './client/connection-state.js';
export type { StatusChange } from './client/connection-state.js';
export * from './protocol.js';
