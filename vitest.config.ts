import { defineConfig } from "vitest/config";

// Unit tests sit beside the code (app/**, scripts/**, extensions/**); integration tests live in test/. Every test
// file gets its own fresh database (test/setup/database.ts). With TEST_DATABASE_URL set, the
// integration suite runs a second time against PostgreSQL.
const postgres = process.env.TEST_DATABASE_URL;

const shared = {
  environment: "node" as const,
  globalSetup: ["test/setup/global.ts"],
  setupFiles: [
    "test/setup/environment.ts",
    "test/setup/fakes.ts",
    "test/setup/database.ts",
    "test/setup/guards.ts",
  ],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    reporters: ["default"],
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: [
            "app/**/*.test.{ts,tsx}",
            "scripts/**/*.test.ts",
            "sandbox/**/*.test.ts",
            "fakes/**/*.test.ts",
            "hubspot/**/*.test.{ts,tsx}",
            "extensions/**/*.test.{ts,tsx}",
          ],
          exclude: ["**/node_modules/**"],
          // Shopify's extension tester imports the extension's .tsx itself: let Vite transform it.
          server: { deps: { inline: ["@shopify/ui-extensions-tester"] } },
        },
      },
      { test: { ...shared, name: "integration", include: ["test/**/*.test.ts"] } },
      ...(postgres
        ? [
            {
              test: {
                ...shared,
                name: "integration-postgres",
                include: ["test/**/*.test.ts"],
                exclude: ["test/**/*.once.test.ts"], // engine-independent, or managing PostgreSQL itself
                env: { TEST_DB_ENGINE: "postgresql" },
              },
            },
          ]
        : []),
    ],
  },
});
