// What every workflow runs with: the Pulumi CLI the project pins (toolchain/go.mod, the version of its own engine
// tests), no npm cache in a job that holds secrets or a write token, Node 22 and 24 in ci.yml, once per pull request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pinnedVersion } from "../../tools/toolchain";
import { actionSteps, workflows, type Job } from "./load";

test("every pulumi/actions step installs the pinned CLI, the version of toolchain/go.mod", () => {
  const pulumi = actionSteps().filter((s) => s.action === "pulumi/actions");
  assert.ok(pulumi.length >= 8, `${pulumi.length}`);
  for (const { where, step } of pulumi) assert.equal(step.with?.["pulumi-version"], pinnedVersion(), where);
  // The CLI runs only after it is installed: every job that calls `pulumi` has the step before.
  for (const [file, wf] of Object.entries(workflows))
    for (const [name, job] of Object.entries(wf.jobs)) {
      const first = job.steps.findIndex((s) => /(^|\n|\$\(|\s)pulumi /.test(s.run ?? ""));
      if (first < 0) continue;
      const install = job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
      assert.ok(install >= 0 && install < first, `${file}: ${name}`);
    }
});

/** A job holds a secret, a cloud login or a write token. */
const privileged = (job: Job) =>
  job.environment !== undefined || /secrets\.(?!GITHUB_TOKEN)/.test(JSON.stringify(job)) || Object.values(job.permissions ?? {}).includes("write");

test("no cache in a privileged job: a cache another branch's run wrote must not feed a job with secrets", () => {
  let checked = 0;
  for (const [file, wf] of Object.entries(workflows))
    for (const [name, job] of Object.entries(wf.jobs)) {
      if (!privileged(job)) continue;
      for (const s of job.steps.filter((x) => x.uses?.startsWith("actions/setup-node@"))) {
        checked += 1;
        assert.equal(s.with?.cache, undefined, `${file}: ${name}`);
        assert.equal(s.with?.["package-manager-cache"], false, `${file}: ${name}`);
      }
      assert.ok(!job.steps.some((s) => s.uses?.startsWith("actions/cache")), `${file}: ${name}`);
      // No git credentials left in the checkout for the project's own scripts to find.
      for (const s of job.steps.filter((x) => x.uses?.startsWith("actions/checkout@")))
        assert.equal(s.with?.["persist-credentials"], false, `${file}: ${name}`);
    }
  assert.ok(checked >= 7, `${checked}`);
});

test("ci.yml: Node 22 and 24, once per pull request (pushes only to main), superseded runs of a pull request cancelled", () => {
  const ci = workflows["ci.yml"];
  assert.deepEqual(Object.keys(ci.on).sort(), ["pull_request", "push"]);
  assert.deepEqual(ci.on.push, { branches: ["main"] });
  const job = ci.jobs.ci as Job & { strategy: { matrix: { node: number[] } } };
  assert.deepEqual(job.strategy.matrix.node, [22, 24]);
  const setup = job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))!;
  assert.equal(setup.with?.["node-version"], "${{ matrix.node }}");
  assert.ok(job.steps.some((s) => s.run === "npm test"));
  assert.ok(job.steps.some((s) => s.run === "npm run lint"));
  assert.equal(ci.concurrency?.["cancel-in-progress"], "${{ github.event_name == 'pull_request' }}");
  // The other workflows run the project on Node 24.
  for (const [file, wf] of Object.entries(workflows)) {
    if (file === "ci.yml") continue;
    for (const job of Object.values(wf.jobs))
      for (const s of job.steps.filter((x) => x.uses?.startsWith("actions/setup-node@"))) assert.equal(s.with?.["node-version"], 24, file);
  }
});
