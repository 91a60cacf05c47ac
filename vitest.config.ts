import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './scripts/chromium.js';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, never against stale builds.
    alias: [
      { find: /^@chat-wall\/sdk\/protocol$/, replacement: src('./packages/sdk/src/protocol.ts') },
      { find: /^@chat-wall\/sdk$/, replacement: src('./packages/sdk/src/index.ts') },
    ],
  },
  test: {
    // The JSON report is what CI sums into its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/{sdk,server,console}/{src,test}/**/*.test.ts',
            'packages/widget/test/**/*.node.test.ts',
            'test/**/*.test.ts',
          ],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['packages/widget/{src,test}/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'packages/widget/**/*.node.test.ts'],
          globalSetup: ['packages/widget/test/global-setup.ts'],
          testTimeout: 20_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
