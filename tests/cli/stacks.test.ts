// `npm run stacks` (tools/stacks.ts), the matrix the workflows run: in a scratch git repository holding the example
// estate as three real stack files, with a commit as the base and a change in the working tree.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../harness/stackExamples";

let dir: string;
const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, encoding: "utf8" });
const stacks = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, join(ROOT, "tools/stacks.ts"), ...args], {
    cwd: dir,
    encoding: "utf8",
  });
const matrix = (stdout: string) => (JSON.parse(stdout) as { include: Array<{ stack: string; shard: string | null }> }).include;
const ESTATE = readFileSync(join(ROOT, "estate.example.yaml"), "utf8");

before(() => {
  dir = mkdtempSync(join(tmpdir(), "lync-stacks-"));
  copyFileSync(join(ROOT, "estate.example.yaml"), join(dir, "estate.yaml"));
  for (const shard of ["infra", "edge-eu", "edge-us"]) {
    writeFileSync(join(dir, `Pulumi.prod-${shard}.yaml`), `config:\n  lync:estate: estate.yaml\n  lync:shard: ${shard}\n`);
  }
  // An example file is never a stack of the repository.
  copyFileSync(join(ROOT, "Pulumi.contoso.example.yaml"), join(dir, "Pulumi.contoso.example.yaml"));
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "base");
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("--all: every stack file, with its shard; example files are not stacks", () => {
  const r = stacks("--all");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    matrix(r.stdout).map((s) => [s.stack, s.shard]),
    [
      ["prod-edge-eu", "edge-eu"],
      ["prod-edge-us", "edge-us"],
      ["prod-infra", "infra"],
    ],
  );
});

test("no change: an empty matrix", () => {
  const r = stacks("--base-ref", "HEAD", "--review", join(dir, "none.md"));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(matrix(r.stdout), []);
  assert.match(readFileSync(join(dir, "none.md"), "utf8"), /^Stacks this change affects: none/);
});

test("a tenant added to edge-us: only that pool's stack, and a review that says so", () => {
  writeFileSync(
    join(dir, "estate.yaml"),
    ESTATE.replace(
      "  - { name: northwindtraders.com, edgePool: edge-us }\n",
      "  - { name: northwindtraders.com, edgePool: edge-us }\n  - { name: eu.northwindtraders.com, edgePool: edge-us }\n",
    ),
  );
  const r = stacks("--base-ref", "HEAD", "--review", join(dir, "review.md"));
  writeFileSync(join(dir, "estate.yaml"), ESTATE);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    matrix(r.stdout).map((s) => s.stack),
    ["prod-edge-us"],
  );
  const review = readFileSync(join(dir, "review.md"), "utf8");
  assert.match(review, /^Stacks this change affects: `prod-edge-us`/);
  assert.match(review, /\*\*1 of 3 stacks change\*\*/);
  // Its component, four public and four internal record sets (with the split-brain copy of lyncdiscover); its pool's CSR.
  assert.match(review, /^\| `edge-us` \| 9 to create, 0 to update, 1 to replace/m);
});

test("a stack file that changes is affected even when its resources do not; a new one is", () => {
  writeFileSync(join(dir, "Pulumi.prod-infra.yaml"), "config:\n  lync:estate: estate.yaml\n  lync:shard: infra\n  lync:legacyNameAliases: false\n");
  writeFileSync(join(dir, "Pulumi.prod-edge-ap.yaml"), "config:\n  lync:estate: estate.yaml\n  lync:shard: edge-eu\n");
  const r = stacks("--base-ref", "HEAD");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    matrix(r.stdout).map((s) => s.stack),
    ["prod-edge-ap", "prod-infra"],
  );
  git("checkout", "--", ".");
  rmSync(join(dir, "Pulumi.prod-edge-ap.yaml"));
});

test("an invalid estate exits 2 with the problems, and an unknown shard too", () => {
  writeFileSync(
    join(dir, "estate.yaml"),
    ESTATE.replace("  - { name: contoso.com, edgePool: edge-eu }\n", "  - { name: contoso.com, edgePool: edge-ap }\n"),
  );
  const r = stacks("--base-ref", "HEAD");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\[EDGE-POOL\]/);
  writeFileSync(join(dir, "estate.yaml"), ESTATE);
  writeFileSync(join(dir, "Pulumi.prod-infra.yaml"), "config:\n  lync:estate: estate.yaml\n  lync:shard: nowhere\n");
  const s = stacks("--base-ref", "HEAD");
  assert.equal(s.status, 2);
  assert.match(s.stderr, /lync:shard \(nowhere\): \[SHARD\] no such shard/);
  git("checkout", "--", ".");
  assert.equal(stacks("--all", "--base-ref", "HEAD").status, 2, "usage");
  const unknown = stacks("--base-ref", "origin/nowhere");
  assert.equal(unknown.status, 2, unknown.stderr);
  assert.match(unknown.stderr, /^stacks: --base-ref origin\/nowhere: no such commit in this repository/);
});
