// Who can reach which credentials (issue 23): production's secrets and Azure identity live only on the GitHub
// environment `production`, which only deploy.yml's up jobs name and only main may use; pull-request jobs use the
// environments `preview` (read-only) and `review` (review stacks); no job reads a repository-level secret, so a
// workflow edited in a pull request finds nothing to take. Also the deploy queue: one run at a time, never cancelled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluate } from "./expression";
import { jobsThatRun, workflows, type Job } from "./load";

const usesSecrets = (job: Job) => /secrets\.(?!GITHUB_TOKEN)/.test(JSON.stringify(job));
const logsIn = (job: Job) => job.permissions?.["id-token"] === "write" || job.steps.some((s) => s.uses?.startsWith("azure/login@"));
const all = Object.entries(workflows).flatMap(([file, wf]) => Object.entries(wf.jobs).map(([name, job]) => ({ file, name, job, wf })));

test("every job that reads a secret or logs in to Azure names an environment: no secret at repository level", () => {
  for (const { file, name, job } of all) {
    if (usesSecrets(job) || logsIn(job)) assert.ok(job.environment, `${file}: ${name} reads secrets or logs in without an environment`);
  }
});

test("only deploy.yml's up jobs use `production`; pull-request jobs use `preview` or `review`", () => {
  const production = all.filter(({ job }) => job.environment === "production").map(({ file, name }) => `${file}: ${name}`);
  assert.deepEqual(production, ["deploy.yml: up-infra", "deploy.yml: up-pools"]);
  for (const { file, name, job, wf } of all) {
    if (!("pull_request" in wf.on) || job.environment === undefined) continue;
    assert.ok(["preview", "review"].includes(job.environment), `${file}: ${name} runs for pull requests in ${job.environment}`);
  }
  // deploy.yml never runs for a pull request or on another branch's push.
  const deploy = workflows["deploy.yml"];
  assert.deepEqual(Object.keys(deploy.on).sort(), ["push", "workflow_dispatch"]);
  assert.deepEqual(deploy.on.push, { branches: ["main"] });
});

test("a manual deploy of any branch but main runs no job; of main, the whole chain", () => {
  const deploy = workflows["deploy.yml"];
  const stacks = { stacks: { infra: '{"include":[{"stack":"prod-infra"}]}', pools: '{"include":[{"stack":"prod-edge-eu"}]}' } };
  const dispatch = (ref: string) => ({ github: { event_name: "workflow_dispatch", ref, event: {} } });
  assert.deepEqual(jobsThatRun(deploy, dispatch("refs/heads/feature"), stacks), []);
  assert.deepEqual(jobsThatRun(deploy, dispatch("refs/heads/main"), stacks), ["stacks", "up-infra", "up-pools"]);
});

test("the deploy set is computed with the read-only identity; the up jobs wait for the production environment", () => {
  const deploy = workflows["deploy.yml"];
  assert.equal(deploy.jobs.stacks.environment, "preview");
  assert.equal(deploy.jobs.stacks.permissions?.["id-token"], undefined, "no cloud login to compute the set");
  const set = deploy.jobs.stacks.steps.find((s) => s.id === "set")!;
  assert.equal(set.run, 'npm run --silent deploy-set -- --deployed "$RUNNER_TEMP/deployed.json" --tip origin/main >> "$GITHUB_OUTPUT"');
});

test("deploys queue: one run of deploy.yml at a time for the whole estate, a running one never cancelled; infra before pools", () => {
  const deploy = workflows["deploy.yml"];
  // A constant group: runs of different commits share it. GitHub keeps the newest pending run; a replaced one's
  // changes are deployed by it, since every run deploys every stack that is behind (tests/cli/deploySet.test.ts).
  assert.deepEqual(deploy.concurrency, { group: "deploy-production", "cancel-in-progress": false });
  for (const job of Object.values(deploy.jobs)) assert.equal(job.concurrency, undefined, "no job-level group that could reorder stacks");
  assert.deepEqual(deploy.jobs["up-infra"].needs, "stacks");
  assert.deepEqual(deploy.jobs["up-pools"].needs, ["stacks", "up-infra"]);
  // A failed infra stops the pools; an infra with nothing to do does not.
  const cond = deploy.jobs["up-pools"].if!;
  const ctx = (infra: string) => ({
    github: { event_name: "push", ref: "refs/heads/main" },
    needs: { stacks: { result: "success", outputs: { pools: '{"include":[{"stack":"p"}]}' } }, "up-infra": { result: infra } },
  });
  assert.equal(evaluate(cond, ctx("success")), true);
  assert.equal(evaluate(cond, ctx("skipped")), true);
  assert.equal(evaluate(cond, ctx("failure")), false);
  // Pull-request previews: a newer push supersedes the older run.
  assert.deepEqual(workflows["preview.yml"].concurrency, { group: "preview-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
});

test("the production secrets are read only by the steps that run pulumi up", () => {
  for (const name of ["up-infra", "up-pools"]) {
    const job = workflows["deploy.yml"].jobs[name];
    const readers = job.steps.filter((s) => /secrets\./.test(JSON.stringify(s)));
    assert.deepEqual(
      readers.map((s) => s.name),
      ["pulumi up, then the deployed commit"],
    );
  }
});
