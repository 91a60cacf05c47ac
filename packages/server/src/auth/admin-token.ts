/** Shortest admin token the relay accepts: 32 characters of a random generator are past guessing. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** An admin token the relay refuses to start with; the message says how to make a good one. */
export class AdminTokenError extends Error {
  override name = 'AdminTokenError';
}

/**
 * Throws {@linkcode AdminTokenError} when `token` is set but shorter than
 * {@linkcode MIN_ADMIN_TOKEN_LENGTH}: a short admin token can be guessed, and it mints moderators.
 * An unset or empty token is fine (admin routes are off then).
 */
export function checkAdminTokenStrength(token: string | undefined): void {
  if (!token) return;
  if (token.length >= MIN_ADMIN_TOKEN_LENGTH) return;
  throw new AdminTokenError(
    `CHAT_WALL_ADMIN_TOKEN is ${token.length} characters long; it needs at least ${MIN_ADMIN_TOKEN_LENGTH}. ` +
      'Generate one with `openssl rand -base64 32` or ' +
      `\`node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"\`.`,
  );
}
