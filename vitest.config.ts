import { defineConfig } from 'vitest/config';

// Three tiers (README "Tests"): unit = pure and fast (server and UI logic); integration = real SQLite
// files, simulators on 127.0.0.1 port 0, fastify.inject, child processes; e2e = the built UI (ui/build)
// in Debian's Chromium driven by playwright-core against the app and a simulator.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'ui/src/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: the box has two cores and each file starts its own app and Chromium.
          fileParallelism: false,
        },
      },
    ],
  },
});
