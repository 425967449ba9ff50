// Type-aware lint: no floating promises, no `any` (external data is parsed with zod instead). And
// the layers (README "How it is built", docs/decisions/0015): no import cycles anywhere, imports
// only point down — edges → domains → providers → kernel.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const DOMAINS = [
  "campaigns",
  "email",
  "sms",
  "answers",
  "crm",
  "customers",
  "shops",
  "agency",
  "dashboard",
  "flow",
].map((name) => `./app/${name}`);
/** Each behind an interface we own; they may import the kernel and those interfaces, nothing else. */
const PROVIDERS = [
  "./app/shopify",
  "./app/email/sendgrid",
  "./app/email/outbox",
  "./app/sms/twilio",
  "./app/sms/outbox",
  "./app/crm/hubspot/api.server.ts",
  "./app/crm/hubspot/api-schemas.ts",
  "./app/crm/hubspot/signature.server.ts",
  "./app/crm/hubspot/events.ts",
];
/** What a provider may import from a domain's folder: the interface it implements, its own files. */
const PROVIDER_EXCEPTIONS = {
  "./app/email": ["./transport.ts", "./sendgrid", "./outbox"],
  "./app/sms": ["./transport.ts", "./twilio", "./outbox"],
  "./app/crm": [
    "./hubspot/api.server.ts",
    "./hubspot/api-schemas.ts",
    "./hubspot/signature.server.ts",
    "./hubspot/events.ts",
  ],
};
const KERNEL = [
  "./app/lib",
  "./app/db",
  "./app/db.server.ts",
  "./app/env.server.ts",
  "./app/jobs",
  "./app/events/event.ts",
  "./app/events/jobs.ts",
];
const EDGES = [
  "./app/routes",
  "./app/intake",
  "./app/events/routes.server.ts",
  "./app/server",
  "./app/shopify.server.ts",
  "./app/entry.server.tsx",
  "./app/root.tsx",
  "./app/components",
];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      ".cache/**",
      "hubspot/**/dist/**",
      "extensions/*/dist/**",
      // Written (and rewritten) by `shopify app dev` in the form Shopify generates.
      "extensions/*/shopify.d.ts",
      "test-results/**",
      "sandbox/.data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/only-throw-error": ["error", { allow: [{ from: "lib", name: "Response" }] }],
      "@typescript-eslint/require-await": "off",
      "no-console": "off",
    },
  },
  {
    // Journey and send state has one writer (app/campaigns/journey-state.server.ts): a create,
    // update or upsert of a Journey or ScheduledSend row anywhere else is an error. Tests seed
    // rows directly, and so does bench:dispatch (a million rows); erasure (GDPR deletes) is not a
    // state change and stays with compliance. Plain SQL that writes them is refused the same way.
    files: ["app/**/*.{ts,tsx}", "sandbox/**/*.ts", "fakes/**/*.ts", "scripts/**/*.ts", "server.ts"],
    ignores: [
      "app/campaigns/journey-state.server.ts",
      "scripts/bench/dispatch.ts",
      "scripts/bench/big-shop-seed.ts",
      "**/*.test.ts",
      "**/*.test.tsx",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.object.property.name=/^(journey|scheduledSend)$/][callee.property.name=/^(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert)$/]",
          message:
            "Journey and ScheduledSend rows are written only by app/campaigns/journey-state.server.ts: call it instead.",
        },
        {
          selector:
            ':matches(Literal[value=/(UPDATE|INSERT INTO)\\s+"(Journey|ScheduledSend)"/], TemplateElement[value.raw=/(UPDATE|INSERT INTO)\\s+"(Journey|ScheduledSend)"/])',
          message:
            "Journey and ScheduledSend rows are written only by app/campaigns/journey-state.server.ts: call it instead.",
        },
        {
          // The insert helpers of app/db/session.ts (insertRow, InsertSpec) name their table instead.
          selector: 'Property[key.name="table"][value.value=/^(Journey|ScheduledSend)$/]',
          message:
            "Journey and ScheduledSend rows are written only by app/campaigns/journey-state.server.ts: call it instead.",
        },
      ],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // The layers hold for the product's code; its tests may import across them.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    plugins: { "import-x": importX },
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: [...DOMAINS, ...PROVIDERS],
              from: EDGES,
              message:
                "Domains and providers never import an edge: intake, routes, the routing table, the composition root.",
            },
            ...DOMAINS.map((from) => ({
              target: PROVIDERS,
              from,
              except: PROVIDER_EXCEPTIONS[from] ?? [],
              message:
                "A provider never imports a domain (only the kernel and the interfaces it implements).",
            })),
            {
              target: KERNEL,
              from: [...EDGES, ...DOMAINS, "./app/shopify"],
              message: "The kernel imports nothing above it.",
            },
          ],
        },
      ],
    },
  },
  {
    // expect.any(), expect.stringMatching() and friends are typed `any` by design.
    files: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  {
    // Remix routes throw redirects and other Responses by design.
    files: ["app/routes/**"],
    rules: { "@typescript-eslint/only-throw-error": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The sandbox page's scripts run in the browser as they are (no build step).
    files: ["sandbox/host/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: Object.fromEntries(
        [
          "window",
          "document",
          "location",
          "navigator",
          "sessionStorage",
          "fetch",
          "URL",
          "URLSearchParams",
          "Headers",
          "Request",
          "Element",
          "setTimeout",
          "setInterval",
        ].map((name) => [name, "readonly"]),
      ),
    },
  },
);
