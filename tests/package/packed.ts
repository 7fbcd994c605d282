/**
 * The library as a consumer gets it: `npm pack` (prepack builds dist/), the tarball installed into a fresh program
 * directory. The package's own dependencies come from the registry (or npm's cache); the @pulumi peers and
 * @types/node are this repository's, linked in as a program's own would be: one copy of the SDK, shared by the program
 * and the library.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT } from "../harness/stackExamples";

const PEERS = ["@pulumi/pulumi", "@pulumi/azure-native", "@pulumi/cloudflare", "@pulumi/tls", "@types/node"];

export interface PackedConsumer {
  /** The fresh program directory, with node_modules/pulumi-lync installed from the tarball. */
  readonly program: string;
  /** Every path in the tarball, relative to the package root. */
  readonly shipped: readonly string[];
  readonly remove: () => void;
}

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Packs this repository and installs the tarball into a new program directory (removed by `remove`). */
export function installPacked(): PackedConsumer {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-consumer-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], ROOT)) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const program = path.join(dir, "program");
    mkdirSync(program);
    writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    npm(["install", "--prefer-offline", "--legacy-peer-deps", "--no-audit", "--no-fund", path.join(dir, packed.filename)], program);
    for (const peer of PEERS) {
      mkdirSync(path.join(program, "node_modules", path.dirname(peer)), { recursive: true });
      symlinkSync(path.join(ROOT, "node_modules", peer), path.join(program, "node_modules", peer), "dir");
    }
    return { program, shipped: packed.files.map((f) => f.path), remove };
  } catch (e) {
    remove();
    throw e;
  }
}
