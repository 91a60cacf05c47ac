import { z } from 'zod';

// Zod schemas of what the relay reads from a Mastodon instance: only the fields it uses, each
// checked, since anything an instance (or a federated server behind it) sends is hostile.

const nullableString = z.string().nullish();

export const accountSchema = z.object({
  id: z.string().min(1).max(100),
  username: z.string().max(200),
  /** `user` for local accounts, `user@domain` for remote ones. */
  acct: z.string().min(1).max(400),
  display_name: z.string().max(1000).default(''),
  url: nullableString,
  avatar: nullableString,
  avatar_static: nullableString,
});

export const mastodonMediaSchema = z.object({
  id: z.string(),
  type: z.string(),
  url: nullableString,
  preview_url: nullableString,
  remote_url: nullableString,
  description: nullableString,
  meta: z
    .object({ original: z.object({ width: z.number().optional(), height: z.number().optional() }).nullish() })
    .nullish(),
});

const baseStatus = z.object({
  id: z.string().min(1).max(100),
  /** The post's global id: the same under every instance that carries it. */
  uri: z.string().min(1).max(2000),
  url: nullableString,
  created_at: z.string(),
  in_reply_to_id: nullableString,
  sensitive: z.boolean().default(false),
  spoiler_text: z.string().max(2000).default(''),
  visibility: z.string().optional(),
  language: nullableString,
  /** HTML. Absent from some answers (a deleted status's source) that carry `text` instead. */
  content: z.string().max(100_000).optional(),
  text: z.string().max(100_000).nullish(),
  account: accountSchema,
  media_attachments: z.array(mastodonMediaSchema).max(20).default([]),
  mentions: z.array(z.object({ url: z.string(), acct: z.string() })).default([]),
  tags: z.array(z.object({ name: z.string() })).default([]),
  emojis: z.array(z.object({ shortcode: z.string() })).default([]),
});

export const statusSchema = baseStatus.extend({ reblog: baseStatus.nullish() });
export type MastodonStatus = z.infer<typeof statusSchema>;

/** `GET /api/v2/instance`: what tells a Mastodon instance apart, and where it streams. */
export const instanceSchema = z.object({
  domain: z.string(),
  version: z.string(),
  configuration: z.object({ urls: z.object({ streaming: z.string() }) }),
});

/** A streaming frame: `{ stream, event, payload }`, the payload itself a JSON string for `update`. */
export const frameSchema = z.object({
  stream: z.array(z.string()).optional(),
  event: z.string(),
  payload: z.string().optional(),
});
