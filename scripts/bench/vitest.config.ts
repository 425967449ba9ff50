import { defineConfig } from "vitest/config";

// `npm run bench:crm`: the CRM write-behind benchmark, run with the test setup (a fresh migrated
// SQLite database, the .env.example configuration, network guard) so it needs nothing installed.
export default defineConfig({
  test: {
    name: "bench",
    environment: "node",
    include: ["scripts/bench/crm.bench.ts"],
    globalSetup: ["test/setup/global.ts"],
    setupFiles: [
      "test/setup/environment.ts",
      "test/setup/fakes.ts",
      "test/setup/database.ts",
      "test/setup/guards.ts",
    ],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
