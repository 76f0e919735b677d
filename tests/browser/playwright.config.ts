import { defineConfig } from '@playwright/test';

// Driven by run.sh, which starts the whole platform and passes its address in the environment.
// The browser is Debian's chromium (scripts/prereqs.sh); Playwright never downloads one.
const artifacts = process.env.SALESMESH_E2E_ARTIFACTS ?? 'artifacts';

export default defineConfig({
  testDir: './specs',
  outputDir: `${artifacts}/test-results`,
  // The specs are one story (issue 6) told in order against one platform: no parallel workers.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Generous but bounded: the platform shares two cores with its own build and other work.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.SALESMESH_E2E_BASE_URL,
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.SALESMESH_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    },
  },
});
