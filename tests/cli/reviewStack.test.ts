// The pull request's review stack (tools/reviewStack.ts, run by .github/workflows/review-stack.yml): which tenants a
// pull request adds or changes, and the test stack spec built from them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { validateDeployment, type DeploymentInput } from "../../components/model";
import { reviewStackSpec } from "../../tools/reviewStack";
import { ROOT } from "../harness/stackExamples";

const testExample = () =>
  (parse(readFileSync(join(ROOT, "Pulumi.test.example.yaml"), "utf8")) as { config: Record<string, DeploymentInput> }).config["lync:deployment"];

test("the review stack: the test example with the pull request's tenants, each in a zone it creates, names per pull request", () => {
  const tenants = [{ name: "tailspintoys.com", federation: false }, { name: "eu.northwindtraders.com" }];
  const spec = reviewStackSpec(testExample(), tenants, 42);
  const result = validateDeployment(spec);
  assert.ok(result.ok, JSON.stringify(result.problems));
  assert.deepEqual(
    spec.sipDomains.map((d) => [d.name, d.federation]),
    [
      ["eu-northwindtraders-com.pr42.lab.contoso.net", undefined],
      ["tailspintoys-com.pr42.lab.contoso.net", false],
    ],
  );
  assert.ok(spec.zones.every((z) => z.provider === "azure" && z.create === true));
  assert.equal(spec.infrastructureDomain, "pr42.lab.contoso.net");
  assert.deepEqual(spec.reverseProxy, { provider: "external" });
  // Two pull requests' stacks share no name: every name of #42 ends in pr42.
  const other = JSON.stringify(reviewStackSpec(testExample(), tenants, 43));
  assert.doesNotMatch(other, /pr42\./);
  assert.doesNotMatch(JSON.stringify(spec), /infra\.lab\.contoso\.net/);
});

test("in a repository: a tenant added to an estate is the review stack's; no tenant change, no review stack", () => {
  const dir = mkdtempSync(join(tmpdir(), "lync-review-stack-"));
  try {
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, encoding: "utf8" });
    const tool = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, join(ROOT, "tools/reviewStack.ts"), ...args], {
        cwd: dir,
        encoding: "utf8",
      });
    const estate = readFileSync(join(ROOT, "estate.example.yaml"), "utf8");
    writeFileSync(join(dir, "estate.yaml"), estate);
    writeFileSync(join(dir, "Pulumi.prod-edge-us.yaml"), "config:\n  lync:estate: estate.yaml\n  lync:shard: edge-us\n");
    copyFileSync(join(ROOT, "Pulumi.test.example.yaml"), join(dir, "Pulumi.test.example.yaml"));
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "base");
    assert.equal(tool("--base-ref", "HEAD", "--pr", "7").stdout, "changed=false\n");
    writeFileSync(
      join(dir, "estate.yaml"),
      estate.replace(
        "  - { name: northwindtraders.com, edgePool: edge-us }\n",
        "  - { name: northwindtraders.com, edgePool: edge-us }\n  - { name: eu.northwindtraders.com, edgePool: edge-us }\n",
      ),
    );
    const r = tool("--base-ref", "HEAD", "--pr", "7");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "changed=true\nconfig=Pulumi.pr-7.yaml\nstack=pr-7\n");
    const written = parse(readFileSync(join(dir, "Pulumi.pr-7.yaml"), "utf8")) as { config: Record<string, DeploymentInput> };
    assert.deepEqual(
      written.config["lync:deployment"].sipDomains.map((d) => d.name),
      ["eu-northwindtraders-com.pr7.lab.contoso.net"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
