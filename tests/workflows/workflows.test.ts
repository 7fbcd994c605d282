// The GitHub Actions workflows (.github/workflows), read and checked offline: which jobs run for a pull request from a
// fork or from Dependabot (none that touches a secret or logs in to a cloud), the matrices, the permissions, the
// action majors, and no user-controlled value spliced into a shell script. Beside it: identities.test.ts (who reaches
// which credentials, the deploy queue), actionInputs.test.ts (inputs against each action.yml), toolchain.test.ts
// (pinned CLI, caches, Node), gate.test.ts and reviewStackDown.test.ts (the steps' scripts, run). `npm run
// lint:workflows` validates the files against the workflow schema (@action-validator/cli).
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluate } from "./expression";

import { jobsThatRun, workflows, type Job } from "./load";

const text = (x: unknown) => JSON.stringify(x);
/**
 * A job touches a secret (other than the run's own token), an environment's secrets or a cloud login. pulumi/actions
 * without a command only installs the CLI (ci.yml), which needs nothing.
 */
const privileged = (job: Job) =>
  /secrets\.(?!GITHUB_TOKEN)/.test(text(job)) ||
  job.environment !== undefined ||
  job.permissions?.["id-token"] === "write" ||
  job.steps.some((s) => s.uses?.startsWith("azure/login@") || (s.uses?.startsWith("pulumi/actions@") && s.with?.command !== undefined));

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
      if (!("pull_request" in wf.on)) continue;
      for (const name of jobsThatRun(wf, ctx, AFFECTED)) {
        running.push(`${file}:${name}`);
        assert.ok(!privileged(wf.jobs[name]), `${file}: job ${name} runs for ${event} and touches a secret or a cloud login`);
        // Their token is read-only: a job that needs to write (the comment) would fail and turn the run red.
        const writes = Object.values(wf.jobs[name].permissions ?? {}).includes("write");
        assert.ok(!writes, `${file}: job ${name} runs for ${event} and needs a write permission`);
      }
    }
    if (ctx.github.event.action !== "closed") {
      // The plan review, the tests (ci.yml) and the required check run; the check fails them where a stack is
      // affected, since no preview could run (previews-passed below).
      for (const job of ["preview.yml:review", "preview.yml:previews-passed", "ci.yml:ci"]) assert.ok(running.includes(job), running.join(", "));
      assert.ok(!running.includes("preview.yml:preview"));
    }
  });
}

test("the same pull request from the repository itself: previews, the comment and the review stack run", () => {
  const ctx = pullRequest("hoster/lync", "maintainer");
  assert.deepEqual(jobsThatRun(workflows["preview.yml"], ctx, AFFECTED), ["review", "preview", "report", "comment", "previews-passed"]);
  assert.deepEqual(jobsThatRun(workflows["review-stack.yml"], ctx), ["up"]);
  assert.deepEqual(jobsThatRun(workflows["review-stack.yml"], pullRequest("hoster/lync", "maintainer", "closed")), ["down"]);
  // No affected stack: no preview job, the comment still carries the plan review.
  const none = { review: { matrix: '{"include":[]}' } };
  assert.deepEqual(jobsThatRun(workflows["preview.yml"], ctx, none), ["review", "report", "comment", "previews-passed"]);
});

test("every privileged job of a pull-request workflow carries the fork and Dependabot guard in its own `if:`", () => {
  const guard = "github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'";
  for (const [file, wf] of Object.entries(workflows)) {
    if (!("pull_request" in wf.on)) continue;
    for (const [name, job] of Object.entries(wf.jobs)) {
      if (!privileged(job)) continue;
      const own = job.if ?? "";
      const onlyScheduled = /^github\.event_name == 'schedule' \|\| github\.event_name == 'workflow_dispatch'$/.test(own);
      assert.ok(onlyScheduled || own.includes(guard), `${file}: job ${name} has no guard: ${own}`);
    }
  }
});

test("a tripped safety gate (exit 3) still publishes the review and the matrix, and fails the review; nothing uses always()", () => {
  const steps = workflows["preview.yml"].jobs.review.steps;
  const run = steps.find((s) => s.id === "stacks")!.run!;
  // The review reaches the summary before the step exits with the CLI's code; the matrix after success or a gate.
  assert.match(
    run,
    /\|\| rc=\$\?[\s\S]*GITHUB_STEP_SUMMARY[\s\S]*if \[ "\$rc" = 0 \] \|\| \[ "\$rc" = 3 \]; then echo "matrix=[\s\S]*exit "\$rc"\s*$/,
  );
  assert.match(run, /gate=\(--fail-on-delete-first\)/);
  const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
  assert.equal(upload.if, "${{ !cancelled() }}");
  // The previews and the comment need no successful review; a cancelled run (superseded by a push) must not comment.
  const failed = { ...pullRequest("hoster/lync", "maintainer"), needs: { review: { result: "failure", outputs: AFFECTED.review } } };
  for (const job of ["preview", "report"]) {
    const cond = workflows["preview.yml"].jobs[job].if!;
    assert.match(cond, /^\$\{\{ !cancelled\(\)( && |\s*\}\}$)/);
    assert.equal(evaluate(cond, failed), true, job);
  }
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
    assert.equal(job.strategy?.["max-parallel"], `\${{ fromJSON(needs.stacks.outputs.${output}Parallel) }}`);
    assert.equal(job.environment, "production");
    // One queue for the whole workflow (deploy concurrency test), none per stack.
    assert.equal(job.concurrency, undefined);
    const up = job.steps.find((s) => s.run?.includes("pulumi up"))!;
    assert.equal(up.env?.STACK, "${{ matrix.stack }}");
    assert.match(up.run!, /^pulumi up --yes [^\n]*--stack "\$STACK"\npulumi stack tag set lync:deployed-commit "\$GITHUB_SHA" --stack "\$STACK"\s*$/);
  }
  assert.deepEqual(deploy.jobs["up-pools"].needs, ["stacks", "up-infra"]);
  assert.ok("push" in deploy.on && "workflow_dispatch" in deploy.on);
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
