// The session screens (panel, countdown, recap link) and their styles: one chunk, loaded on demand
// the first time an element shows a wall that has sessions. Walls without sessions never load it.
export { nextSessionChange, renderSessionScreen, sessionScreen } from './session-screen.js';
export { sessionStyles as styles } from './session-styles.js';
export { SessionClockController } from './session-clock.js';
