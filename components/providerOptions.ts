/**
 * What the component provider (provider.ts) serves: the components, the package name of their type tokens, and the
 * directory whose package.json, tsconfig.json and TypeScript source the provider analyses for the schema. Kept apart
 * from provider.ts, which starts the provider when loaded, so that tests can build the same ComponentProvider. Both
 * run from the repository's TypeScript source (the provider analyses it), so neither is compiled into dist/.
 */
import * as path from "node:path";
import { existsSync } from "node:fs";
import { Deployment } from "./deployment/lyncDeployment";

/** The package name in the schema and in every type token (lync:index:Deployment). */
export const PACKAGE_NAME = "lync";

/** The repository root: the nearest directory above `from` with both package.json and tsconfig.json. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "tsconfig.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json with tsconfig.json above ${from}`);
  }
}

export function providerOptions() {
  return { components: [Deployment], name: PACKAGE_NAME, dirname: packageRoot() };
}
