import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, checkXApiBaseUrl } from './config.js';

/** The message of the {@linkcode ConfigError} that `parseConfig(raw)` throws. */
function problems(raw: unknown): string {
  try {
    parseConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills in the defaults', () => {
    expect(parseConfig({ walls: [{ tag: '#AskGMP', sources: ['x'] }] })).toEqual({
      walls: [
        {
          tag: 'askgmp',
          title: 'AskGMP',
          sources: ['x'],
          moderation: 'post',
          hosts: [],
          sessions: [],
          sessionWindow: { leadSeconds: 600, tailSeconds: 600 },
          questions: { detect: true },
        },
      ],
    });
    expect(parseConfig({ walls: [{ tag: 'askGMP' }], replay: { file: 'session.jsonl' } })).toEqual({
      walls: [
        {
          tag: 'askgmp',
          title: 'askGMP',
          sources: ['replay'],
          moderation: 'post',
          hosts: [],
          sessions: [],
          sessionWindow: { leadSeconds: 600, tailSeconds: 600 },
          questions: { detect: true },
        },
      ],
      replay: { file: 'session.jsonl', speed: 1, loop: true, backlog: 0 },
    });
  });

  it('takes hosts, sessions and a session window', () => {
    const start = new Date(Date.now() + 3600_000).toISOString();
    const end = new Date(Date.now() + 7200_000).toISOString();
    const config = parseConfig({
      walls: [
        {
          tag: 'askGMP',
          hosts: ['@GMPolice', 'gmp_Ops'],
          sessions: [{ title: 'Lunchtime', start, end }],
          sessionWindow: { leadSeconds: 60 },
          questions: { detect: false },
        },
      ],
      replay: { file: 'a.jsonl' },
    });
    expect(config.walls[0]).toMatchObject({
      hosts: ['gmpolice', 'gmp_ops'],
      sessions: [{ title: 'Lunchtime', start, end }],
      sessionWindow: { leadSeconds: 60, tailSeconds: 600 },
      questions: { detect: false },
    });
  });

  it.each([
    [
      'an end before the start',
      [{ title: 'A', start: '2026-12-01T12:00:00Z', end: '2026-12-01T11:00:00Z' }],
      'walls[0].sessions[0].end: must be after start',
    ],
    [
      'an overlap',
      [
        { title: 'A', start: '2026-12-01T12:00:00Z', end: '2026-12-01T13:00:00Z' },
        { title: 'B', start: '2026-12-01T12:30:00Z', end: '2026-12-01T14:00:00Z' },
      ],
      'walls[0].sessions[1].start: overlaps session "A"',
    ],
    [
      'a start more than a year ahead',
      [{ title: 'A', start: '2099-12-01T12:00:00Z', end: '2099-12-01T13:00:00Z' }],
      'walls[0].sessions[0].start: must be at most a year ahead',
    ],
    [
      'a time that is not ISO 8601',
      [{ title: 'A', start: 'tomorrow noon', end: '2026-12-01T13:00:00Z' }],
      'walls[0].sessions[0].start: must be an ISO 8601 date and time',
    ],
  ])('refuses %s, naming the field', (_name, sessions, message) => {
    expect(() => parseConfig({ walls: [{ tag: 'askGMP', sessions }], replay: { file: 'a.jsonl' } })).toThrow(message);
  });

  it('keeps every optional wall setting it knows', () => {
    const config = parseConfig({
      walls: [
        {
          tag: 'askGMP',
          title: '#askGMP office hours',
          sources: ['x', 'replay'],
          moderation: 'pre',
          maxPosts: 50,
          origins: ['https://police.example.org'],
        },
      ],
      replay: { file: 'a.jsonl', speed: 10, loop: false, backlog: 5 },
    });
    expect(config.walls[0]).toMatchObject({ tag: 'askgmp', moderation: 'pre', maxPosts: 50 });
    expect(config.replay).toEqual({ file: 'a.jsonl', speed: 10, loop: false, backlog: 5 });
  });

  it('names every invalid key, each on its own line, in one error', () => {
    const message = problems({
      walls: [
        { tag: 'askGMP', moderation: 'maybe', colour: 'red' },
        { tag: 'not a tag', sources: ['myspace'], maxPosts: 0 },
        { tag: 'ok', origins: ['not a url'] },
      ],
      replay: { file: '', speed: -1, backlog: 1.5 },
      extra: true,
    });
    const lines = message.split('\n').slice(1);
    for (const key of [
      'walls[0].moderation',
      'walls[0].colour: unknown key',
      'walls[1].tag',
      'walls[1].sources[0]',
      'walls[1].maxPosts',
      'walls[2].origins[0]',
      'replay.file',
      'replay.speed',
      'replay.backlog',
      'extra: unknown key',
    ]) {
      expect(
        lines.filter((l) => l.trim().startsWith(key)),
        `${key} in\n${message}`,
      ).toHaveLength(1);
    }
    expect(lines).toHaveLength(10);
  });

  it('refuses the same tag twice in any spelling, even next to other errors', () => {
    expect(problems({ walls: [{ tag: 'askGMP' }, { tag: '#ASKGMP' }], replay: { file: 'a.jsonl' } })).toBe(
      'Invalid config:\n  walls[1].tag: duplicate wall "askgmp"',
    );
    const message = problems({
      walls: [
        { tag: 'askGMP', sources: ['x'] },
        { tag: 'AskGmp', sources: ['x'] },
        { tag: 'b', moderation: 'no' },
      ],
    });
    expect(message).toContain('walls[1].tag: duplicate wall "askgmp"');
    expect(message).toContain('walls[2].moderation');
    expect(message).toContain('replay: required');
  });

  it('needs a replay file when a wall reads the replay source (the default source)', () => {
    expect(problems({ walls: [{ tag: 'askGMP' }] })).toContain('replay: required');
    expect(problems({ walls: [{ tag: 'askGMP', sources: ['x', 'replay'] }] })).toContain('replay: required');
  });

  it('explains inputs that are not a config at all', () => {
    expect(problems(null)).toMatch(/\(root\): .*object/);
    expect(problems([])).toMatch(/\(root\): .*object/);
    expect(problems('walls')).toMatch(/\(root\): .*object/);
    expect(problems({})).toMatch(/^ {2}walls: /m);
    expect(problems({ walls: [] })).toMatch(/walls: .*1/);
    expect(problems({ walls: [null] })).toMatch(/walls\[0\]: /);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'chat-wall-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a valid file', async () => {
    const file = path.join(dir, 'ok.json');
    await writeFile(file, JSON.stringify({ walls: [{ tag: 'askGMP', sources: ['x'] }] }));
    expect((await loadConfig(file)).walls[0]!.tag).toBe('askgmp');
  });

  it('names the file when it is missing, not JSON, or invalid', async () => {
    const missing = path.join(dir, 'missing.json');
    await expect(loadConfig(missing)).rejects.toThrow(new RegExp(`Cannot read config file .*missing\\.json`));
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{ "walls": [ ');
    await expect(loadConfig(broken)).rejects.toThrow(/broken\.json is not valid JSON/);
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ walls: [{ tag: 'askGMP', sources: ['x'], moderation: 'later' }] }));
    await expect(loadConfig(bad)).rejects.toThrow(/config file .*bad\.json:\n {2}walls\[0\]\.moderation/);
    await expect(loadConfig(bad)).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('X_API_BASE_URL', () => {
  it.each(['https://api.x.com', 'http://127.0.0.1:4100', 'http://localhost:8080/x', 'http://[::1]:9000'])(
    'takes %s',
    (url) => expect(checkXApiBaseUrl(url, 'X_API_BASE_URL')).toBe(url),
  );
  it.each(['http://api.x.com', 'http://10.0.0.5:3128', 'ftp://api.x.com', 'api.x.com'])(
    'refuses %s, naming the variable',
    (url) => expect(() => checkXApiBaseUrl(url, 'X_API_BASE_URL')).toThrow(/^X_API_BASE_URL must be/),
  );
});
