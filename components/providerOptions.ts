/**
 * Where the component provider (provider.ts, lyncProvider.ts) and the schema tool (tools/schema.ts) find the package:
 * the package name of the type tokens, and the directory whose package.json, tsconfig.json, TypeScript source and
 * docs/schema.json they read. Neither the provider nor this file is compiled into dist/: the provider runs from the
 * repository's source (plugin/pulumi-resource-lync).
 */
import * as path from "node:path";
import { existsSync } from "node:fs";

/** The package name in the schema and in every type token (lync:index:Deployment). */
export const PACKAGE_NAME = "lync";

/** The repository root: the nearest directory above `from` with both package.json and tsconfig.json. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "tsconfig.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json with tsconfig.json above ${from}`);
  }
}
