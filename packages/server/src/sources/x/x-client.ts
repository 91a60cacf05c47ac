import http from 'node:http';
import type { Readable } from 'node:stream';
import {
  ETwitterStreamEvent,
  TwitterApi,
  type ITwitterApiClientPlugin,
  type TweetStream,
  type TwitterApiReadOnly,
} from 'twitter-api-v2';
import { TWEET_FIELDS } from './x-payload.js';

/** Where twitter-api-v2 sends every request; the relay can point it elsewhere. */
const LIBRARY_ORIGIN = 'https://api.x.com';

export interface XClientOptions {
  /** App-only bearer token (`X_BEARER_TOKEN`). */
  bearerToken: string;
  /** `X_API_BASE_URL`: a proxy or a test server instead of X. @default 'https://api.x.com' */
  baseUrl?: string;
}

/**
 * A read-only twitter-api-v2 client for the app's bearer token. The library has no base-URL
 * setting, so a plugin rewrites the origin of every request and stream; a plain-http base URL
 * also needs an http agent (the library calls `https.request`).
 */
export function createXClient(options: XClientOptions): TwitterApiReadOnly {
  const base = new URL(options.baseUrl ?? LIBRARY_ORIGIN);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError(`X API base URL must be http(s), got "${options.baseUrl}"`);
  }
  const prefix = base.href.replace(/\/$/, '');
  const rewrite = ({ params }: { params: { url: string } }): void => {
    if (params.url.startsWith(LIBRARY_ORIGIN)) params.url = prefix + params.url.slice(LIBRARY_ORIGIN.length);
  };
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig: rewrite,
    onBeforeStreamRequestConfig: rewrite,
  };
  return new TwitterApi(options.bearerToken, {
    plugins: [plugin],
    ...(base.protocol === 'http:' ? { httpAgent: new http.Agent({ keepAlive: true }) } : {}),
  }).readOnly;
}

/**
 * Opens the filtered stream with the fields a wall needs. The library's own reconnect and
 * keep-alive timer are off: the caller applies X's rules with its own clock.
 *
 * The library decodes each network chunk on its own (`chunk.toString()`), which turns a multi-byte
 * character split across two chunks into U+FFFD. Its `connected` event fires after the response
 * arrives and before it attaches its data listener, so switching the response to a streaming
 * UTF-8 decoder there makes every chunk it sees end on a character boundary.
 */
export async function openFilteredStream(client: TwitterApiReadOnly): Promise<TweetStream<unknown>> {
  const stream = client.v2.searchStream({ ...TWEET_FIELDS, autoConnect: false }) as TweetStream<unknown>;
  stream.on(ETwitterStreamEvent.Connected, () => responseOf(stream)?.setEncoding('utf8'));
  await stream.connect({ autoReconnect: false, keepAliveTimeout: 'disable' });
  return stream;
}

/** The (decompressed) response body stream the library reads; protected in its typings. */
function responseOf(stream: TweetStream<unknown>): Readable | undefined {
  return (stream as unknown as { res?: Readable }).res;
}
