// ESLint: typescript-eslint's type-checked rules for every TypeScript file, plus Pulumi's rules against Outputs in
// template literals. Formatting is Prettier's job (npm run lint runs both, and madge for import cycles).
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "tests/package/consumer.js", "tests/package/mockRuntime.js", "eslint.config.mjs"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { pulumi },
    rules: {
      "pulumi/no-output-in-template-literal": "error",
      "pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // node:test's test/describe/it return promises the runner itself tracks; awaiting them is optional.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", name: ["test", "describe", "it", "suite", "before", "after", "beforeEach", "afterEach"], package: "node:test" },
          ],
        },
      ],
    },
  },
);
