/**
 * `npm run schema`: writes the component provider's package schema (docs/schema.json), the contract other languages
 * get through `pulumi package add`. tests/provider/schema.test.ts fails when the checked-in file is out of date.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { providerOptions, packageRoot } from "../components/providerOptions";
import { runMain } from "./exit";

export const SCHEMA_FILE = path.join(packageRoot(__dirname), "docs", "schema.json");

/** The schema as the provider serves it, pretty-printed for review in pull requests. */
export async function providerSchema(): Promise<string> {
  const schema = await new ComponentProvider(providerOptions()).getSchema();
  return `${JSON.stringify(JSON.parse(schema), null, 2)}\n`;
}

if (require.main === module) runMain("schema", async () => writeFileSync(SCHEMA_FILE, await providerSchema()));
