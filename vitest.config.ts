import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/support/unhandled.ts'],
    // The back-office's build (web/build.ts), which the page and asset functions import.
    globalSetup: ['tests/support/build-web.ts'],
    // Each file gets its own process: handlers keep module-scope clients, the runtime its ports.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_REGION: 'eu-west-3',
    },
  },
});
