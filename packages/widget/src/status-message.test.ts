import { describe, expect, it } from 'vitest';
import { chooseLocale, translatorFor } from './i18n/translator.js';
import { describeStatus } from './status-message.js';

const at = { tag: 'askGMP', server: 'https://wall.example.org' };

describe('describeStatus', () => {
  it('names the wall a server does not have', () => {
    const view = describeStatus({
      ...at,
      tag: '#foo',
      state: 'failed',
      error: { code: 'unknown_wall', message: 'There is no wall "foo" on this server.' },
    });
    expect(view).toEqual({ label: 'Failed', message: 'There is no wall #foo on this server.' });
  });

  it('names the server it cannot reach and says it retries', () => {
    const error = { code: 'unreachable', message: 'Cannot reach…' } as const;
    expect(describeStatus({ ...at, state: 'connecting', error, attempt: 3 }).message).toBe(
      'Cannot reach the wall server at https://wall.example.org. Retrying (attempt 3)…',
    );
  });

  it('says the connection was lost while reconnecting and that the posts are the last known', () => {
    const error = { code: 'unreachable', message: 'Connection lost (transport close).' } as const;
    expect(describeStatus({ ...at, state: 'reconnecting', error })).toEqual({
      label: 'Reconnecting',
      message: 'Connection lost. Retrying… Showing the last posts received.',
    });
  });

  it('speaks the language it is given', async () => {
    const es = await translatorFor(chooseLocale('es'));
    const error = { code: 'unreachable', message: 'Cannot reach…' } as const;
    expect(describeStatus({ ...at, state: 'connecting', error, attempt: 2, i18n: es }).message).toBe(
      'No se puede acceder al servidor del muro en https://wall.example.org. Reintentando (intento 2)…',
    );
  });

  it('has nothing to explain while live', () => {
    expect(describeStatus({ ...at, state: 'live' })).toEqual({ label: 'Live' });
  });
});
