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
