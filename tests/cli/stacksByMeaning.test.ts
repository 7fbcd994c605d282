// `npm run stacks` when a change touches code or dependencies (issue 23): the base side is run by the base's own code,
// in a git worktree of the base, so a rule change affects exactly the stacks whose resources it changes. A scratch git
// repository holds a copy of this checkout's code (what the program and the review load) and the example estate as
// three stacks; the base is a commit, the change is in the working tree.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../harness/stackExamples";

let dir: string;
const git = (...args: string[]) => {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
const stacks = (env: Record<string, string> = {}, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, join(dir, "tools/stacks.ts"), ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
const affected = (stdout: string) => (JSON.parse(stdout) as { include: Array<{ stack: string }> }).include.map((s) => s.stack);
const RULES = "components/plan/rules/dns.ts";
/** What the program and the review load; the rest of the checkout plays no part. */
const CODE = ["components", "tools", "tests/harness", "index.ts", "package.json", "package-lock.json", "tsconfig.json", "Pulumi.yaml"];

before(() => {
  dir = mkdtempSync(join(tmpdir(), "lync-meaning-"));
  for (const path of CODE) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  cpSync(join(ROOT, "estate.example.yaml"), join(dir, "estate.yaml"));
  for (const shard of ["infra", "edge-eu", "edge-us"]) {
    writeFileSync(join(dir, `Pulumi.prod-${shard}.yaml`), `config:\n  lync:estate: estate.yaml\n  lync:shard: ${shard}\n`);
  }
  git("init", "-q");
  // An older base, from before the resource export: its base side cannot be run.
  git("add", "-A", "--", ".", ":!tools/resourceExport.ts");
  git("commit", "-qm", "old");
  git("tag", "old");
  git("add", "-A");
  git("commit", "-qm", "base");
  git("tag", "base");
});
afterEach(() => {
  git("checkout", "--", ".");
  assert.equal(git("worktree", "list").trim().split("\n").length, 1, "the base's worktree is removed");
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-yaml-patch.js`, { force: true });
});

test("a code-only rule change (online federation SRV target): exactly the stack that holds online tenants", () => {
  const rules = readFileSync(join(dir, RULES), "utf8");
  writeFileSync(join(dir, RULES), rules.replace('sipfed: "sipfed.online.lync.com"', 'sipfed: "sipfed.online.example.net"'));
  const r = stacks({}, "--base-ref", "HEAD", "--review", join(dir, "review.md"));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(affected(r.stdout), ["prod-infra"]);
  assert.match(r.stderr, /the change touches components\/plan\/rules\/dns\.ts: each stack's base side was run by HEAD's own code/);
  const review = readFileSync(join(dir, "review.md"), "utf8");
  assert.match(review, /^Stacks this change affects: `prod-infra`/);
  // The one record set that changes: adatum.com's federation SRV record, updated in place.
  assert.match(review, /_sipfederationtls\._tcp/);
  assert.match(review, /^\| `infra` \| 0 to create, 1 to update, 0 to replace/m);
});

test("the same rule change merged: the deploy run deploys exactly the stack it changes", () => {
  const base = git("rev-parse", "HEAD").trim();
  const rules = readFileSync(join(dir, RULES), "utf8");
  writeFileSync(join(dir, RULES), rules.replace('sipfed: "sipfed.online.lync.com"', 'sipfed: "sipfed.online.example.net"'));
  git("commit", "-qam", "Federation of online domains through another host");
  const deployed = `${dir}-deployed.json`;
  writeFileSync(deployed, JSON.stringify({ "prod-infra": base, "prod-edge-eu": base, "prod-edge-us": base }));
  const r = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(require.resolve("tsx")).href, join(dir, "tools/deploySet.ts"), "--deployed", deployed],
    {
      cwd: dir,
      encoding: "utf8",
    },
  );
  rmSync(deployed);
  git("reset", "-q", "--hard", "base");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    'infra={"include":[{"stack":"prod-infra","config":"Pulumi.prod-infra.yaml","shard":"infra"}]}\npools={"include":[]}\ninfraParallel=4\npoolsParallel=4\n',
  );
});

test("a comment-only change in the rules: no stack", () => {
  const rules = readFileSync(join(dir, RULES), "utf8");
  writeFileSync(join(dir, RULES), `// Why the online endpoints are constants: Microsoft publishes them (S13).\n${rules}`);
  const r = stacks({}, "--base-ref", "HEAD");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(affected(r.stdout), []);
  assert.match(r.stderr, /base side was run by HEAD's own code/, "simulated, not skipped");
});

/** A dependency bump in the lockfile: the base cannot use the head's node_modules. */
function bumpLockfile(): void {
  const lock = readFileSync(join(dir, "package-lock.json"), "utf8");
  const bumped = lock.replace(/("node_modules\/yaml": \{\s*"version": ")2\.9\.1"/, '$12.9.2"');
  assert.notEqual(bumped, lock, "the lockfile pins yaml 2.9.1");
  writeFileSync(join(dir, "package-lock.json"), bumped);
}

test("a dependency bump: the base gets its own install; its resources decide (the same packages: no stack)", () => {
  bumpLockfile();
  const marker = `${dir}-installed`;
  // Stands in for `npm ci` (no registry in tests): the base's own node_modules, made in the base's worktree.
  const install = `pwd > '${marker}' && ln -s '${realpathSync(join(ROOT, "node_modules"))}' node_modules`;
  const r = stacks({ LYNC_BASE_INSTALL: install }, "--base-ref", "HEAD");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(affected(r.stdout), []);
  assert.match(r.stderr, /the change touches package-lock\.json: each stack's base side was run by HEAD's own code and dependencies/);
  const where = readFileSync(marker, "utf8").trim();
  rmSync(marker);
  assert.notEqual(realpathSync(dir), where, "installed in the base's worktree, not in the head");
  assert.ok(!existsSync(where), "the worktree is gone");
});

/**
 * Stands in for `npm ci` of a base whose yaml differs: the head's packages, but a yaml that reads the estate without
 * northwindtraders.com (as a yaml release that read a document differently would). What the base's own dependencies
 * register is what the base side is.
 */
function installDifferentYaml(): string {
  const modules = realpathSync(join(ROOT, "node_modules"));
  const patch =
    "const readFaithfully = exports.parse;\n" +
    'exports.parse = (...args) => JSON.parse(JSON.stringify(readFaithfully(...args)).replace(\',{"name":"northwindtraders.com","edgePool":"edge-us"}\', \'\'));\n';
  writeFileSync(`${dir}-yaml-patch.js`, patch);
  return [
    "mkdir node_modules",
    `for m in '${modules}'/* '${modules}'/.bin; do ln -s "$m" node_modules/; done`,
    "rm node_modules/yaml",
    `cp -r '${modules}/yaml' node_modules/yaml`,
    `cat '${`${dir}-yaml-patch.js`}' >> node_modules/yaml/dist/index.js`,
  ].join(" && ");
}

test("a dependency bump that changes what the base registers: exactly the stacks the same change in the config affects", () => {
  // The oracle: the same difference made in the estate file, reviewed as a config change.
  const estate = readFileSync(join(dir, "estate.yaml"), "utf8");
  writeFileSync(join(dir, "estate.yaml"), estate.replace("  - { name: northwindtraders.com, edgePool: edge-us }\n", ""));
  git("commit", "-qam", "without northwindtraders.com");
  git("tag", "without");
  git("revert", "--no-edit", "HEAD");
  const oracle = stacks({}, "--base-ref", "without");
  assert.equal(oracle.status, 0, oracle.stderr);
  assert.doesNotMatch(oracle.stderr, /base side/, "a config change");
  assert.deepEqual(affected(oracle.stdout), ["prod-edge-us"]);

  bumpLockfile();
  const r = stacks({ LYNC_BASE_INSTALL: installDifferentYaml() }, "--base-ref", "HEAD");
  git("reset", "-q", "--hard", "base");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /the change touches package-lock\.json: each stack's base side was run by HEAD's own code and dependencies/);
  assert.deepEqual(affected(r.stdout), affected(oracle.stdout));
});

test("a dependency bump whose install fails: every stack, and why", () => {
  bumpLockfile();
  const r = stacks({ LYNC_BASE_INSTALL: "echo 'npm error network unreachable' >&2; exit 1" }, "--base-ref", "HEAD", "--review", join(dir, "all.md"));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(affected(r.stdout), ["prod-edge-eu", "prod-edge-us", "prod-infra"]);
  assert.match(r.stderr, /every stack is affected: installing the base's dependencies failed \(.*network unreachable\)/);
  assert.match(readFileSync(join(dir, "all.md"), "utf8"), /every stack is affected/);
});

test("a base that predates the resource export: every stack, and why", () => {
  const r = stacks({}, "--base-ref", "old");
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(affected(r.stdout), ["prod-edge-eu", "prod-edge-us", "prod-infra"]);
  assert.match(r.stderr, /the change touches tools\/resourceExport\.ts; every stack is affected: the base predates tools\/resourceExport\.ts/);
  // The safety gate cannot pass what it could not see: a person accepts it (the label or the trailer).
  const gated = stacks({}, "--base-ref", "old", "--fail-on-delete-first");
  assert.equal(gated.status, 3, gated.stderr);
  assert.match(gated.stderr, /safety gate:\n {2}- the change was not reviewed resource by resource: the base predates tools\/resourceExport\.ts/);
  assert.deepEqual(affected(gated.stdout), ["prod-edge-eu", "prod-edge-us", "prod-infra"]);
});

test("a stack-file change, with a README change beside it: reviewed without a worktree, the stack file's stack only", () => {
  writeFileSync(
    join(dir, "Pulumi.prod-edge-us.yaml"),
    "config:\n  lync:estate: estate.yaml\n  lync:shard: edge-us\n  lync:legacyNameAliases: true\n",
  );
  writeFileSync(join(dir, "README.md"), "# notes\n");
  const r = stacks({}, "--base-ref", "HEAD");
  rmSync(join(dir, "README.md"));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(affected(r.stdout), ["prod-edge-us"]);
  assert.doesNotMatch(r.stderr, /base side/);
});
