// The library as a consumer gets it: `npm pack`, the tarball installed into a fresh program directory, the program
// run with plain node (compiled JavaScript from dist/, no TypeScript loader) with two deployments in one stack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT } from "../harness/stackExamples";

const PEERS = ["pulumi", "azure-native", "cloudflare", "tls"];
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("npm pack -> install into a fresh program -> plain node: two LyncDeployments, no duplicate URN, every child prefixed", (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-consumer-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // prepack builds dist/; the tarball holds only what package.json `files` lists.
  const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], ROOT)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const shipped = packed.files.map((f) => f.path);
  assert.ok(shipped.includes("dist/index.js") && shipped.includes("dist/index.d.ts"), shipped.join(", "));
  assert.deepEqual(
    shipped.filter((f) => /^(tests|lab|bench|tools|index\.ts)/.test(f) || (f.startsWith("components/") && f.endsWith(".ts"))),
    [],
  );

  const program = path.join(dir, "program");
  mkdirSync(program);
  writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  // The package's own dependencies come from the registry (or npm's cache); the @pulumi peers are this repository's,
  // linked in as a program's own would be: one copy of the SDK, shared by the program and the library.
  npm(["install", "--prefer-offline", "--legacy-peer-deps", "--no-audit", "--no-fund", path.join(dir, packed.filename)], program);
  mkdirSync(path.join(program, "node_modules", "@pulumi"), { recursive: true });
  for (const peer of PEERS) symlinkSync(path.join(ROOT, "node_modules", "@pulumi", peer), path.join(program, "node_modules", "@pulumi", peer), "dir");
  assert.deepEqual(readdirSync(path.join(program, "node_modules", "pulumi-lync")).sort(), ["LICENSE", "README.md", "dist", "docs", "package.json"]);
  copyFileSync(path.join(__dirname, "consumer.js"), path.join(program, "index.js"));

  const out = execFileSync(process.execPath, ["index.js", path.join(ROOT, "Pulumi.contoso.example.yaml")], { cwd: program, encoding: "utf8" });
  const registered = JSON.parse(out) as Array<{ type: string; name: string }>;
  const children = registered.filter((r) => r.type !== "lync:index:Deployment" && r.type !== "pulumi:pulumi:Stack");
  assert.ok(children.length > 60, `${children.length} children`);
  // Two instances, the same spec: each registers the same children under its own name.
  const east = children.filter((r) => r.name.startsWith("east-"));
  const west = children.filter((r) => r.name.startsWith("west-"));
  assert.equal(east.length + west.length, children.length, "every child starts with its deployment's name");
  assert.deepEqual(
    east.map((r) => `${r.type} ${r.name.slice("east-".length)}`).sort(),
    west.map((r) => `${r.type} ${r.name.slice("west-".length)}`).sort(),
  );
  // No two resources share type and name, so no two share a URN (the engine refuses duplicates).
  const keys = registered.map((r) => `${r.type}::${r.name}`);
  assert.deepEqual(
    keys.filter((k, i) => keys.indexOf(k) !== i),
    [],
  );
});
