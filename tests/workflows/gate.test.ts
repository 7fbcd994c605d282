// The safety gate as preview.yml runs it: the review step's own script (read from the workflow, run by bash as the
// runner does) in a scratch repository with the example estate, `npm run stacks` being this checkout's tools/stacks.ts.
// A delete-first change fails the review, and with it the required check; the label or the commit trailer accepts it.
// The required check's own script, run for each outcome of the jobs it needs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../harness/stackExamples";
import { workflows } from "./load";

let dir: string;
let repo: string;
const git = (...args: string[]) => {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: repo, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
const ESTATE = readFileSync(join(ROOT, "estate.example.yaml"), "utf8");
/** fabrikam.com's zone moves to another resource group: its record sets are replaced, deleted first (edge-eu). */
const MOVED = ESTATE.replace("name: fabrikam.com, resourceGroup: rg-dns }", "name: fabrikam.com, resourceGroup: rg-dns-3 }");

/** Runs a step's script as the runner does (bash -eo pipefail, the step's env), with `npm` standing for this checkout's. */
function runStep(script: string, env: Record<string, string>) {
  const temp = mkdtempSync(join(dir, "runner-"));
  const files = { GITHUB_OUTPUT: join(temp, "output"), GITHUB_STEP_SUMMARY: join(temp, "summary") };
  for (const f of Object.values(files)) writeFileSync(f, "");
  writeFileSync(join(temp, "step.sh"), script);
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", join(temp, "step.sh")], {
    cwd: repo,
    encoding: "utf8",
    env: { PATH: `${join(dir, "bin")}:${process.env.PATH}`, HOME: process.env.HOME, RUNNER_TEMP: temp, ...files, ...env },
  });
  const read = (f: string) => readFileSync(f, "utf8");
  return { status: r.status, stderr: r.stderr, output: read(files.GITHUB_OUTPUT), summary: read(files.GITHUB_STEP_SUMMARY) };
}

const reviewStep = () => workflows["preview.yml"].jobs.review.steps.find((s) => s.id === "stacks")!.run!;
const review = (env: Record<string, string> = {}) =>
  runStep(reviewStep(), { BASE_REF: "main", HEAD_SHA: git("rev-parse", "HEAD"), ACCEPT_LABEL: "false", MAX_CHANGES: "", ...env });
/** The head of the pull request: the estate as given, committed with `message`. */
function head(estate: string, message: string): void {
  git("checkout", "-q", "--detach", "origin/main");
  writeFileSync(join(repo, "estate.yaml"), estate);
  git("commit", "-qam", message);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "lync-gate-"));
  repo = join(dir, "repo");
  mkdirSync(join(dir, "bin"));
  mkdirSync(repo);
  const tsx = pathToFileURL(require.resolve("tsx")).href;
  writeFileSync(
    join(dir, "bin", "npm"),
    `#!/bin/sh\n[ "$1 $2 $3 $4" = "run --silent stacks --" ] || { echo "unexpected: npm $*" >&2; exit 99; }\nshift 4\nexec '${process.execPath}' --import '${tsx}' '${join(ROOT, "tools/stacks.ts")}' "$@"\n`,
  );
  chmodSync(join(dir, "bin", "npm"), 0o755);
  copyFileSync(join(ROOT, "estate.example.yaml"), join(repo, "estate.yaml"));
  for (const shard of ["infra", "edge-eu", "edge-us"])
    writeFileSync(join(repo, `Pulumi.prod-${shard}.yaml`), `config:\n  lync:estate: estate.yaml\n  lync:shard: ${shard}\n`);
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "main");
  git("update-ref", "refs/remotes/origin/main", "HEAD");
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("a delete-first change fails the review (exit 3), after writing the review and the matrix", () => {
  head(MOVED, "Move fabrikam.com's zone");
  const r = review();
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /safety gate:\n {2}- estate\.yaml \(stacks [^)]*\): lync-fabrikam\.com\/\S+ is replaced delete-first/);
  assert.match(r.output, /^matrix=\{"include":\[\{"stack":"prod-edge-eu"/m);
  assert.match(r.summary, /^Stacks this change affects: `prod-edge-eu`/m);
  assert.doesNotMatch(r.summary, /gate accepted/);
});

test("accepted by the label accept-delete-first, or by an Accept-Delete-First trailer on the head commit", () => {
  head(MOVED, "Move fabrikam.com's zone");
  const labelled = review({ ACCEPT_LABEL: "true" });
  assert.equal(labelled.status, 0, labelled.stderr);
  assert.match(labelled.summary, /\*\*Delete-first gate accepted\*\* for this pull request \(label accept-delete-first\)/);
  assert.match(labelled.output, /^matrix=\{"include":\[\{"stack":"prod-edge-eu"/m);
  head(MOVED, "Move fabrikam.com's zone\n\nAccept-Delete-First: the records move with the zone, in one window");
  const trailer = review();
  assert.equal(trailer.status, 0, trailer.stderr);
  assert.match(trailer.summary, /gate accepted\*\* for this pull request \(the records move with the zone, in one window\)/);
  // A trailer is read from the trailer block only: the words in a body do not accept.
  head(MOVED, "Move fabrikam.com's zone\n\nNo Accept-Delete-First: here.\n\nSigned-off-by: t <t@example.org>");
  assert.equal(review().status, 3);
});

test("--max-changes from the repository variable gates a large change; a harmless change passes", () => {
  const added = ESTATE.replace(
    "  - { name: northwindtraders.com, edgePool: edge-us }\n",
    "  - { name: northwindtraders.com, edgePool: edge-us }\n  - { name: eu.northwindtraders.com, edgePool: edge-us }\n",
  );
  head(added, "Add a tenant");
  const ok = review();
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.output, /^matrix=\{"include":\[\{"stack":"prod-edge-us"/m);
  const gated = review({ MAX_CHANGES: "3" });
  assert.equal(gated.status, 3);
  assert.match(gated.stderr, /\d+ resource changes, more than --max-changes 3/);
});

test("the required check: green only for a passed review and passed previews, or no affected stack", () => {
  const job = workflows["preview.yml"].jobs["previews-passed"];
  assert.deepEqual(job.needs, ["review", "preview"]);
  assert.equal(job.if, "${{ !cancelled() }}", "never skipped: a skipped required check counts as passed");
  const script = job.steps[0].run!;
  const affected = '{"include":[{"stack":"prod-edge-eu","config":"Pulumi.prod-edge-eu.yaml","shard":"edge-eu"}]}';
  const cases: Array<[string, string, string, number]> = [
    ["success", "success", affected, 0],
    ["success", "skipped", '{"include":[]}', 0],
    ["failure", "success", affected, 1], // a tripped gate: the previews ran, the check fails
    ["failure", "skipped", "", 1], // an invalid spec: no matrix
    ["success", "failure", affected, 1], // a failed preview
    ["success", "skipped", affected, 1], // a fork's pull request: affected stacks nobody previewed
  ];
  for (const [REVIEW, PREVIEW, MATRIX, status] of cases) {
    const r = runStep(script, { REVIEW, PREVIEW, MATRIX });
    assert.equal(r.status, status, `review ${REVIEW}, previews ${PREVIEW}, matrix ${MATRIX}`);
  }
});
