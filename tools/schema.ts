/**
 * `npm run schema`: writes the component provider's package schema (docs/schema.json), the contract other languages
 * get through `pulumi package get-schema`, `gen-sdk` and `add`; the provider (components/lyncProvider.ts) serves this
 * file. tests/provider/schema.test.ts fails when the checked-in file is out of date.
 *
 * The schema is derived from the library's public entry point (components/index.ts), never from the repository's
 * own program (index.ts): the SDK's analyzer would otherwise fall back to index.ts while dist/ is not built.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";
import { PACKAGE_NAME, packageRoot } from "../components/providerOptions";
import { completeSchema, type PackageSchema } from "./schemaParts";
import { runMain } from "./exit";

const ROOT = packageRoot(__dirname);
export const SCHEMA_FILE = path.join(ROOT, "docs", "schema.json");
/** The library's entry point, as the analyzer resolves it (a .js path stands for its .ts source). */
export const LIBRARY_ENTRY = "components/index.ts";
/** The components the TypeScript analysis derives (SipDomain is added by schemaParts.ts). */
const ANALYZED = ["Deployment"];

/**
 * The schema as the provider serves it, pretty-printed for review in pull requests, from the package in `root` (its
 * package.json, tsconfig.json and components/).
 */
export function providerSchema(root = ROOT): string {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, unknown> & {
    version: string;
    description?: string;
  };
  // The analyzer looks for the entry point in exports, then main: point both at the library's source.
  const analyzer = new Analyzer(root, PACKAGE_NAME, { ...manifest, exports: undefined, main: LIBRARY_ENTRY }, new Set(ANALYZED));
  const { components, typeDefinitions, dependencies } = analyzer.analyze();
  const generated = generateSchema(PACKAGE_NAME, manifest.version, manifest.description ?? "", components, typeDefinitions, dependencies);
  const schema = completeSchema(JSON.parse(JSON.stringify(generated)) as PackageSchema, root);
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) runMain("schema", () => writeFileSync(SCHEMA_FILE, providerSchema()));
