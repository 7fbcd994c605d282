// The pull-request workflow (.github/workflows/preview.yml), parsed and checked for structure. No network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
/** The parts of a GitHub Actions workflow file these tests read. */
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}
const wf = parse(readFileSync(join(__dirname, "../../.github/workflows/preview.yml"), "utf8")) as Workflow;
const steps = wf.jobs.preview.steps;
const index = (f: (s: Step) => boolean) => steps.findIndex(f);

test("runs on pull requests with the rights to comment and nothing more", () => {
  assert.ok(wf.on.pull_request, "triggered by pull_request");
  assert.equal(wf.on.pull_request_target, undefined, "never pull_request_target (it would hand secrets to fork code)");
  assert.deepEqual(wf.permissions, { contents: "read", "pull-requests": "write", "id-token": "write" });
});

test("installs with npm ci and runs the tests before any preview", () => {
  const ci = index((s) => s.run === "npm ci");
  const t = index((s) => s.run === "npm test");
  const preview = index((s) => (s.uses ?? "").startsWith("pulumi/actions@"));
  assert.ok(ci >= 0 && t > ci && preview > t, JSON.stringify({ ci, t, preview }));
  assert.ok(index((s) => (s.uses ?? "").startsWith("actions/checkout@")) < ci);
});

test("pulumi/actions previews the stack named by a repository variable and comments on the PR", () => {
  const s = steps.find((x) => (x.uses ?? "").startsWith("pulumi/actions@"))!;
  assert.match(s.uses!, /^pulumi\/actions@v\d+$/);
  assert.equal(s.with!.command, "preview");
  assert.equal(s.with!["comment-on-pr"], true);
  assert.match(String(s.with!["stack-name"]), /^\$\{\{ (vars|secrets)\.[A-Z_]+ \}\}$/);
  assert.equal(s.with!["github-token"], "${{ secrets.GITHUB_TOKEN }}");
  assert.equal(s.env!.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
});

test("the plan diff of the stack file against the target branch's copy is posted as a PR comment", () => {
  const base = index((s) => /git show "FETCH_HEAD:Pulumi\.\$\{STACK\}\.yaml" > "\$RUNNER_TEMP\/base\.yaml"/.test(s.run ?? ""));
  const plan = index((s) =>
    /npm run --silent plan -- --config "Pulumi\.\$\{STACK\}\.yaml" --base "\$RUNNER_TEMP\/base\.yaml" > "\$RUNNER_TEMP\/plan-diff\.md"/.test(
      s.run ?? "",
    ),
  );
  const comment = index((s) => (s.uses ?? "").startsWith("actions/github-script@"));
  assert.ok(base >= 0 && plan > base && comment > plan, JSON.stringify({ base, plan, comment }));
  const script = String(steps[comment].with!.script);
  assert.match(script, /readFileSync\(process\.env\.DIFF_FILE/);
  assert.match(script, /lync-plan-diff/, "a marker, so that a new push edits the comment instead of adding one");
  assert.match(script, /updateComment/);
  assert.match(script, /createComment/);
  assert.equal(steps[comment].env!.DIFF_FILE, "${{ runner.temp }}/plan-diff.md");
  assert.equal(wf.env.STACK, "${{ vars.PULUMI_STACK }}");
});
