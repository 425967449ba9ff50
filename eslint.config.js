// Type-aware lint: no floating promises, no `any` (external data is parsed with zod instead).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    // rows directly; erasure (GDPR deletes) is not a state change and stays with compliance.
    files: ["app/**/*.{ts,tsx}", "sandbox/**/*.ts", "scripts/**/*.ts", "server.ts"],
    ignores: ["app/campaigns/journey-state.server.ts", "**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.object.property.name=/^(journey|scheduledSend)$/][callee.property.name=/^(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert)$/]",
          message:
            "Journey and ScheduledSend rows are written only by app/campaigns/journey-state.server.ts: call it instead.",
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
);
