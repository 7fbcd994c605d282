// The review stack's teardown when its pull request closes (review-stack.yml, job `down`): its script, run by bash as
// the runner does, against a stand-in `pulumi` that answers as the CLI does. Only "no stack named" means there is
// nothing to remove; any other failure of `stack select` fails the job instead of skipping the destroy silently.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workflows } from "./load";

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "lync-down-"));
  // Logs every call; `stack select` answers with $SELECT_OUTPUT and exits $SELECT_STATUS.
  writeFileSync(
    join(dir, "pulumi"),
    `#!/bin/sh\necho "pulumi $*" >> '${join(dir, "calls")}'\nif [ "$1 $2" = "stack select" ]; then echo "$SELECT_OUTPUT" >&2; exit "$SELECT_STATUS"; fi\nexit 0\n`,
  );
  chmodSync(join(dir, "pulumi"), 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function down(selectStatus: number, selectOutput: string) {
  writeFileSync(join(dir, "calls"), "");
  const step = workflows["review-stack.yml"].jobs.down.steps.find((s) => s.run?.includes("pulumi destroy"))!;
  writeFileSync(join(dir, "step.sh"), step.run!);
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", join(dir, "step.sh")], {
    encoding: "utf8",
    env: { PATH: `${dir}:${process.env.PATH}`, STACK: "pr-7", SELECT_STATUS: String(selectStatus), SELECT_OUTPUT: selectOutput },
  });
  return { status: r.status, calls: readFileSync(join(dir, "calls"), "utf8").trim().split("\n") };
}

test("a review stack that exists is destroyed and removed", () => {
  const r = down(0, "");
  assert.equal(r.status, 0);
  assert.deepEqual(r.calls, ["pulumi stack select pr-7", "pulumi destroy --yes --stack pr-7", "pulumi stack rm --yes --stack pr-7"]);
});

test("a pull request without a review stack: nothing to do", () => {
  const r = down(255, "error: no stack named 'pr-7' found");
  assert.equal(r.status, 0);
  assert.deepEqual(r.calls, ["pulumi stack select pr-7"]);
});

test("any other failure to select it fails the job: never a silent skip", () => {
  const r = down(255, "error: [401] Unauthorized: No credentials provided or are invalid.");
  assert.equal(r.status, 255);
  assert.deepEqual(r.calls, ["pulumi stack select pr-7"]);
});
