// Which stacks a deploy run brings up (tools/deploySet.ts, deploy.yml): every stack whose deployed commit is behind
// and affected, not only the last push's diff. Two merges in quick succession, the first run replaced in GitHub's
// queue before it started: the second run deploys both changes. A stack whose up failed is deployed again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { deployDecisions, splitMatrices } from "../../tools/deploySet";
import { ROOT } from "../harness/stackExamples";

let dir: string;
const git = (...args: string[]) => {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
const ESTATE = readFileSync(join(ROOT, "estate.example.yaml"), "utf8");
const commits: Record<string, string> = {};

/** deploy-set in the scratch repository; stdout's two matrices as stack lists. */
function deploySet(deployed: Record<string, string | null>, ...args: string[]) {
  writeFileSync(`${dir}-deployed.json`, JSON.stringify(deployed));
  const r = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(require.resolve("tsx")).href, join(ROOT, "tools/deploySet.ts"), "--deployed", `${dir}-deployed.json`, ...args],
    { cwd: dir, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), JSON.parse(l.slice(l.indexOf("=") + 1))]),
  ) as Record<"infra" | "pools", { include: Array<{ stack: string }> }>;
  return { infra: out.infra.include.map((s) => s.stack), pools: out.pools.include.map((s) => s.stack), stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "lync-deploy-"));
  copyFileSync(join(ROOT, "estate.example.yaml"), join(dir, "estate.yaml"));
  for (const shard of ["infra", "edge-eu", "edge-us"])
    writeFileSync(join(dir, `Pulumi.prod-${shard}.yaml`), `config:\n  lync:estate: estate.yaml\n  lync:shard: ${shard}\n`);
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "deployed");
  commits.deployed = git("rev-parse", "HEAD");
  // Merge 1: a tenant for edge-eu. Merge 2, moments later: a tenant for edge-us.
  const eu = ESTATE.replace(
    "  - { name: contoso.com, edgePool: edge-eu }\n",
    "  - { name: contoso.com, edgePool: edge-eu }\n  - { name: eu.contoso.com, edgePool: edge-eu }\n",
  );
  writeFileSync(join(dir, "estate.yaml"), eu);
  git("commit", "-qam", "merge 1");
  commits.first = git("rev-parse", "HEAD");
  writeFileSync(
    join(dir, "estate.yaml"),
    eu.replace(
      "  - { name: northwindtraders.com, edgePool: edge-us }\n",
      "  - { name: northwindtraders.com, edgePool: edge-us }\n  - { name: us.northwindtraders.com, edgePool: edge-us }\n",
    ),
  );
  git("commit", "-qam", "merge 2");
  commits.second = git("rev-parse", "HEAD");
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-deployed.json`, { force: true });
});

test("two merges in quick succession, the first run replaced while pending: the second run deploys both, in order", () => {
  const all = { "prod-infra": commits.deployed, "prod-edge-eu": commits.deployed, "prod-edge-us": commits.deployed };
  const r = deploySet(all);
  assert.deepEqual(r.infra, []);
  assert.deepEqual(r.pools, ["prod-edge-eu", "prod-edge-us"]);
  // The last push's own diff (merge 1 -> merge 2) would have deployed edge-us alone.
  assert.match(r.stderr, /prod-edge-eu: the change since [0-9a-f]{12} affects it/);
});

test("the first run deployed edge-eu, its edge-us up failed (its tag stayed behind): the next run retries edge-us only", () => {
  const r = deploySet({ "prod-infra": commits.second, "prod-edge-eu": commits.first, "prod-edge-us": commits.deployed });
  assert.deepEqual([...r.infra, ...r.pools], ["prod-edge-us"]);
});

test("a stack never deployed, or deployed from a commit that is gone, is deployed; infra comes in its own matrix", () => {
  const r = deploySet({ "prod-infra": "0".repeat(40), "prod-edge-eu": null, "prod-edge-us": commits.second });
  assert.deepEqual(r.infra, ["prod-infra"]);
  assert.deepEqual(r.pools, ["prod-edge-eu"]);
  assert.match(r.stderr, /prod-infra: its deployed commit 0{40} is not in this repository's history/);
});

test("a run whose commit is no longer main's tip deploys nothing: an older commit is never applied after a newer one", () => {
  git("checkout", "-q", commits.first);
  try {
    const r = deploySet({ "prod-infra": null, "prod-edge-eu": null, "prod-edge-us": null }, "--tip", commits.second);
    assert.deepEqual([...r.infra, ...r.pools], []);
    assert.match(r.stderr, /no longer the tip/);
  } finally {
    git("checkout", "-q", "-");
  }
});

test("one computation per deployed commit; a change that cannot be computed deploys the stack", () => {
  const asked: string[] = [];
  const entries = ["a", "b", "c"].map((stack) => ({ stack, config: `Pulumi.${stack}.yaml`, shard: stack === "a" ? "infra" : stack }));
  const decisions = deployDecisions(entries, {
    head: "h",
    deployed: { a: "x", b: "x", c: "y" },
    known: () => true,
    affectedSince: (c) => (asked.push(c), c === "x" ? new Set(["b"]) : undefined),
  });
  assert.deepEqual(asked, ["x", "y"]);
  assert.deepEqual(
    decisions.map((d) => [d.stack, d.reason !== undefined]),
    [
      ["a", false],
      ["b", true],
      ["c", true],
    ],
  );
  assert.deepEqual(splitMatrices(entries, new Set(["a", "c"])), {
    infra: '{"include":[{"stack":"a","config":"Pulumi.a.yaml","shard":"infra"}]}',
    pools: '{"include":[{"stack":"c","config":"Pulumi.c.yaml","shard":"c"}]}',
    infraParallel: 4,
    poolsParallel: 4,
  });
});

test("SHARD-ORDER: a pool that releases names infra claims runs ahead of infra; pools that hand over run one at a time, in order", () => {
  const entries = [
    { stack: "infra", config: "Pulumi.infra.yaml", shard: "infra" },
    { stack: "eu", config: "Pulumi.eu.yaml", shard: "eu" },
    { stack: "us", config: "Pulumi.us.yaml", shard: "us" },
    { stack: "asia", config: "Pulumi.asia.yaml", shard: "asia" },
  ];
  const all = new Set(entries.map((e) => e.stack));
  const stacks = (matrix: string) => (JSON.parse(matrix) as { include: Array<{ stack: string }> }).include.map((e) => e.stack);
  // A tenant of us goes online (us before infra), one of asia moves to eu (asia before eu).
  const waves = splitMatrices(entries, all, [
    ["us", "infra"],
    ["asia", "eu"],
  ]);
  assert.deepEqual([stacks(waves.infra), waves.infraParallel], [["us", "infra"], 1]);
  assert.deepEqual([stacks(waves.pools), waves.poolsParallel], [["asia", "eu"], 1]);
  // A pair outside the deploy set orders nothing.
  assert.deepEqual(splitMatrices(entries, new Set(["infra", "eu"]), [["us", "infra"]]).infraParallel, 4);
});
