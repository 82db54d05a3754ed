import { defineConfig } from 'vitest/config';

// Three tiers (README "Tests"): unit = pure and fast; integration = real SQLite files, simulators on
// 127.0.0.1 port 0, fastify.inject, child processes; e2e = the built UI in Chromium (UI issue).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
