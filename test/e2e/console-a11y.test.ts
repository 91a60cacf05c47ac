// axe-core on every view of the built console in Chromium against a real relay, as on the widget:
// the sign-in screen, then each tab of a wall with held and visible posts. Every violation fails
// the test with what axe says about it.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makePost, type TestRelay } from '../../packages/server/test/support/util.js';
import { ALL_VIEWS, mintToken, signIn, startConsoleRelay, ui, useBrowser, watch } from './support/console.js';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js', {
  paths: [new URL('../../packages/widget/', import.meta.url).pathname],
});
const { browser, keep } = useBrowser();

/** The violations axe finds on the page, one line per node. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`),
    );
  });
}
interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
}

async function page(): Promise<Page> {
  // axe is injected as a script: the relay's CSP (`script-src 'self'`) would refuse it.
  const p = keep(await browser().newPage({ bypassCSP: true }));
  watch(p);
  return p;
}

describe('console accessibility (axe-core)', () => {
  it('has no violations on the sign-in screen', async () => {
    const t: TestRelay = keep(await startConsoleRelay());
    const p = await page();
    await p.goto(`${t.url}/console`);
    await ui(p, '#token').waitFor();
    expect(await violations(p)).toEqual([]);
  });

  it('has no violations on any view of a wall', async () => {
    const t: TestRelay = keep(await startConsoleRelay());
    const token = await mintToken(t.url, 'alice', ['askgmp']);
    t.source.push(makePost(1), makePost(2, 'Win a free giveaway #askGMP'), makePost(3));
    await t.relay.ingest.drain();
    const p = await page();
    await signIn(p, t.url, token);
    await ui(p, 'article[data-post-id="replay:1"]').waitFor();
    const views = await ui(p, '[role="tab"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-view')));
    expect(views).toEqual(ALL_VIEWS);
    const seen: Record<string, string[]> = {};
    for (const view of views) {
      await ui(p, `#tab-${view}`).click();
      await expect.poll(() => ui(p, '#panel').getAttribute('aria-labelledby')).toBe(`tab-${view}`);
      // A view that loads (audit, sessions) is checked once it has drawn.
      await p.waitForFunction(
        () => !document.querySelector('chat-wall-console')?.shadowRoot?.querySelector('[aria-busy="true"]'),
      );
      seen[view!] = await violations(p);
    }
    expect(seen).toEqual(Object.fromEntries(views.map((v) => [v, []])));
  });
});
