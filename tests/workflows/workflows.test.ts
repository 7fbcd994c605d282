// The GitHub Actions workflows (.github/workflows), read and checked offline: which jobs run for a pull request from a
// fork or from Dependabot (none that touches a secret or logs in to a cloud), the matrices, the permissions, the
// action majors, and no user-controlled value spliced into a shell script. `npm run lint:workflows` validates the
// files against the workflow schema (@action-validator/cli).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { evaluate } from "./expression";

type Step = { id?: string; name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: { "fail-fast"?: boolean; "max-parallel"?: number; matrix?: unknown };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const DIR = join(__dirname, "../../.github/workflows");
const workflows = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith(".yml"))
    .map((f) => [f, parse(readFileSync(join(DIR, f), "utf8")) as Workflow]),
);
const text = (x: unknown) => JSON.stringify(x);
/** A job touches a secret (other than the run's own token) or a cloud login. */
const privileged = (job: Job) =>
  /secrets\.(?!GITHUB_TOKEN)/.test(text(job)) ||
  job.permissions?.["id-token"] === "write" ||
  job.steps.some((s) => /^(azure\/login|pulumi\/actions)@/.test(s.uses ?? ""));

/**
 * Which jobs of a workflow run for an event: in `needs` order, a job runs when its needs ran (unless its `if` uses
 * always() or cancelled()) and its `if` holds; outputs of jobs that ran are given.
 */
function jobsThatRun(wf: Workflow, ctx: Record<string, unknown>, outputs: Record<string, Record<string, string>> = {}): string[] {
  const ran = new Map<string, boolean>();
  const visit = (name: string): boolean => {
    const known = ran.get(name);
    if (known !== undefined) return known;
    const job = wf.jobs[name];
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    const needsRan = needs.map(visit);
    const needsCtx = Object.fromEntries(needs.map((n, i) => [n, { result: needsRan[i] ? "success" : "skipped", outputs: outputs[n] ?? {} }]));
    const expr = job.if ?? "true";
    const statusOk = /always\(\)|cancelled\(\)/.test(expr) || needsRan.every(Boolean);
    const runs = statusOk && evaluate(expr, { ...ctx, needs: needsCtx });
    ran.set(name, runs);
    return runs;
  };
  return Object.keys(wf.jobs).filter(visit);
}

const pullRequest = (head: string, actor: string, action = "synchronize") => ({
  github: {
    event_name: "pull_request",
    repository: "hoster/lync",
    actor,
    base_ref: "main",
    event: { action, pull_request: { number: 7, head: { repo: { full_name: head } } } },
  },
});
const AFFECTED = { review: { matrix: '{"include":[{"stack":"prod-edge-eu","config":"Pulumi.prod-edge-eu.yaml","shard":"edge-eu"}]}' } };

for (const [event, ctx] of [
  ["a fork's pull request", pullRequest("someone/lync", "someone")],
  ["Dependabot's pull request", pullRequest("hoster/lync", "dependabot[bot]")],
  ["a fork's pull request being closed", pullRequest("someone/lync", "someone", "closed")],
  ["Dependabot's pull request being closed", pullRequest("hoster/lync", "dependabot[bot]", "closed")],
] as const) {
  test(`${event}: only jobs without secrets, cloud logins or write rights run, the tests and plan review among them`, () => {
    const running: string[] = [];
    for (const [file, wf] of Object.entries(workflows)) {
      if (!wf.on.pull_request) continue;
      for (const name of jobsThatRun(wf, ctx, AFFECTED)) {
        running.push(`${file}:${name}`);
        assert.ok(!privileged(wf.jobs[name]), `${file}: job ${name} runs for ${event} and touches a secret or a cloud login`);
        // Their token is read-only: a job that needs to write (the comment) would fail and turn the run red.
        const writes = Object.values(wf.jobs[name].permissions ?? {}).includes("write");
        assert.ok(!writes, `${file}: job ${name} runs for ${event} and needs a write permission`);
      }
    }
    if (ctx.github.event.action !== "closed") {
      assert.ok(running.includes("preview.yml:review"), running.join(", "));
      const review = workflows["preview.yml"].jobs.review;
      assert.ok(review.steps.some((s) => s.run === "npm test"));
    }
  });
}

test("the same pull request from the repository itself: previews, the comment and the review stack run", () => {
  const ctx = pullRequest("hoster/lync", "maintainer");
  assert.deepEqual(jobsThatRun(workflows["preview.yml"], ctx, AFFECTED), ["review", "preview", "comment"]);
  assert.deepEqual(jobsThatRun(workflows["review-stack.yml"], ctx), ["up"]);
  assert.deepEqual(jobsThatRun(workflows["review-stack.yml"], pullRequest("hoster/lync", "maintainer", "closed")), ["down"]);
  // No affected stack: no preview job, the comment still carries the plan review.
  const none = { review: { matrix: '{"include":[]}' } };
  assert.deepEqual(jobsThatRun(workflows["preview.yml"], ctx, none), ["review", "comment"]);
});

test("every privileged job of a pull-request workflow carries the fork and Dependabot guard in its own `if:`", () => {
  const guard = "github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'";
  for (const [file, wf] of Object.entries(workflows)) {
    if (!wf.on.pull_request) continue;
    for (const [name, job] of Object.entries(wf.jobs)) {
      if (!privileged(job)) continue;
      const own = job.if ?? "";
      const onlyScheduled = /^github\.event_name == 'schedule' \|\| github\.event_name == 'workflow_dispatch'$/.test(own);
      assert.ok(onlyScheduled || own.includes(guard), `${file}: job ${name} has no guard: ${own}`);
    }
  }
});

test("a tripped safety gate (exit 3) still publishes the review and comments it; nothing uses always()", () => {
  const steps = workflows["preview.yml"].jobs.review.steps;
  const run = steps.find((s) => s.id === "stacks")!.run!;
  // The review reaches the summary before the step exits with the CLI's code, and the matrix only on success.
  assert.match(run, /\|\| rc=\$\?[\s\S]*GITHUB_STEP_SUMMARY[\s\S]*if \[ "\$rc" = 0 \]; then echo "matrix=[\s\S]*exit "\$rc"\s*$/);
  const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
  assert.equal(upload.if, "${{ !cancelled() }}");
  // The comment job needs no successful review; a cancelled run (superseded by a push) must not comment.
  const comment = workflows["preview.yml"].jobs.comment.if!;
  assert.match(comment, /^\$\{\{ !cancelled\(\) && /);
  assert.equal(evaluate(comment, { ...pullRequest("hoster/lync", "maintainer"), needs: { review: { result: "failure" } } }), true);
  for (const [file, wf] of Object.entries(workflows))
    for (const [name, job] of Object.entries(wf.jobs)) assert.doesNotMatch(job.if ?? "", /always\(\)/, `${file}: ${name}`);
});

test("review stacks: torn down from the base branch, removed when closed or stale", () => {
  const wf = workflows["review-stack.yml"];
  const checkout = wf.jobs.down.steps.find((s) => s.uses?.startsWith("actions/checkout@"))!;
  assert.equal(checkout.with?.ref, "${{ github.event.pull_request.base.ref }}", "the merge ref of a closed pull request may be gone");
  const cleanup = wf.jobs.cleanup.steps.find((s) => s.run?.includes("pulumi stack ls --json"))!;
  assert.match(cleanup.run!, /"\$state" != "OPEN" \] \|\| .*-lt "\$cutoff"/);
  assert.equal(cleanup.env?.MAX_AGE_DAYS, "${{ vars.REVIEW_STACK_MAX_AGE_DAYS || 7 }}");
  assert.ok(wf.on.schedule && "workflow_dispatch" in wf.on);
  const up = wf.jobs.up.steps;
  const upIndex = up.findIndex((s) => s.uses === "pulumi/actions@v7" && s.with?.command === "up");
  assert.ok(upIndex > 0 && up.slice(upIndex + 1).some((s) => s.run?.includes("pulumi stack output")), "a check after pulumi up");
});

test("matrices come from the stacks job's output, in parallel; deploy waits for the production environment", () => {
  const preview = workflows["preview.yml"].jobs.preview;
  assert.equal(preview.strategy?.matrix, "${{ fromJSON(needs.review.outputs.matrix) }}");
  assert.equal(preview.strategy?.["fail-fast"], false);
  assert.match(
    workflows["preview.yml"].jobs.review.steps.find((s) => s.run?.includes("stacks"))!.run!,
    /npm run --silent stacks -- --base-ref "origin\/\$BASE_REF" --review/,
  );
  const deploy = workflows["deploy.yml"];
  for (const [name, output] of [
    ["up-infra", "infra"],
    ["up-pools", "pools"],
  ]) {
    const job = deploy.jobs[name];
    assert.equal(job.strategy?.matrix, `\${{ fromJSON(needs.stacks.outputs.${output}) }}`);
    assert.equal(job.strategy?.["fail-fast"], false);
    assert.equal(job.strategy?.["max-parallel"], 4);
    assert.equal(job.environment, "production");
    assert.deepEqual(job.concurrency, { group: "deploy-${{ matrix.stack }}", "cancel-in-progress": false });
    assert.ok(job.steps.some((s) => s.uses === "pulumi/actions@v7" && s.with?.command === "up" && s.with["stack-name"] === "${{ matrix.stack }}"));
  }
  assert.deepEqual(deploy.jobs["up-pools"].needs, ["stacks", "up-infra"]);
  assert.ok(deploy.on.push && deploy.on.workflow_dispatch);
});

test("least privilege: nothing at the top, id-token only where a cloud login happens, pull-requests: write only to comment", () => {
  for (const [file, wf] of Object.entries(workflows)) {
    if (file === "ci.yml") continue;
    assert.deepEqual(wf.permissions, {}, file);
    for (const [name, job] of Object.entries(wf.jobs)) {
      const logsIn = job.steps.some((s) => s.uses?.startsWith("azure/login@"));
      assert.equal(job.permissions?.["id-token"] === "write", logsIn, `${file}: ${name} id-token`);
      const comments = job.steps.some((s) => s.uses?.startsWith("actions/github-script@") && /createComment/.test(String(s.with?.script)));
      assert.equal(job.permissions?.["pull-requests"] === "write", comments, `${file}: ${name} pull-requests`);
    }
  }
});

/**
 * Each action's newest major, whose action.yml says `runs.using: node24` at that tag (read 2026-12-04 from each
 * repository's newest snapshot; in the comments, the older majors' runtimes).
 */
const MAJORS: Record<string, string> = {
  "actions/checkout": "v7", // v7.0.1 node24 (v5, v6 node24 too; v4 node20)
  "actions/setup-node": "v7", // v7.0.0 node24 (v5, v6 node24 too; v4 node20)
  "actions/upload-artifact": "v7", // v7.0.0 node24 (v6 node24 too; v5 node20)
  "actions/download-artifact": "v8", // v8.0.1 node24 (v7 node24 too; v6 node20)
  "actions/github-script": "v8", // v8.0.0 node24 (v7 node20)
  "azure/login": "v3", // v3.0.1 node24 (v2 node20)
  "pulumi/actions": "v7", // v7.0.0 node24 (v6 node20)
};

test("every action on its current major (Node 24 runtime), Node 24 for the project", () => {
  for (const [file, wf] of Object.entries(workflows)) {
    for (const [name, job] of Object.entries(wf.jobs)) {
      for (const s of job.steps.filter((x) => x.uses)) {
        const [action, major] = s.uses!.split("@");
        assert.equal(major, MAJORS[action], `${file}: ${name} uses ${s.uses}`);
        if (action === "actions/setup-node" && file !== "ci.yml") assert.equal(s.with?.["node-version"], 24, `${file}: ${name}`);
      }
    }
  }
});

test("no event value is spliced into a shell script: run steps read them from env", () => {
  for (const [file, wf] of Object.entries(workflows)) {
    for (const [name, job] of Object.entries(wf.jobs)) {
      for (const s of job.steps.filter((x) => x.run)) assert.doesNotMatch(s.run!, /\$\{\{/, `${file}: ${name}: ${s.name ?? s.run}`);
    }
  }
});

test("the evaluator reads the guard as GitHub does, and refuses what it does not know", () => {
  const ctx = pullRequest("Hoster/Lync", "maintainer");
  assert.equal(
    evaluate("github.event.pull_request.head.repo.full_name == github.repository", ctx),
    true,
    "case-insensitive, as GitHub compares strings",
  );
  assert.equal(evaluate("${{ github.actor != 'dependabot[bot]' && !(github.event.action == 'closed') }}", ctx), true);
  assert.equal(evaluate("github.event.action == 'closed' || github.actor == 'maintainer'", ctx), true);
  assert.throws(() => evaluate("contains(github.actor, 'bot')", ctx), /unsupported|cannot read/);
});
