// The message format lives in the SDK, shared with the console.
export { formatMessage, placeholders } from '@chat-wall/sdk';
export type { Message, MessageParams, PluralMessage } from '@chat-wall/sdk';
