// A Cloudflare name whose A records become a CNAME (a tenant moving online) under the real engine: one `pulumi up`
// creates the CNAME before it deletes the A records, and Cloudflare (the lab's provider, as the real API) refuses a
// CNAME beside other records, so the update fails midway. The review blocks the change (DIFF-CF-TYPE-CHANGE) and
// gives the two runs that work: its own `pulumi destroy --target ...` lines, then `pulumi up`; both run here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateDeployment } from "../../components/model";
import { cloudflareTypeChangeWarnings } from "../../components/render/diff";
import { deployedResources, labStack, setStackConfig, stackConfig } from "../../lab/engine";
import { providerChanges } from "../../tools/review";
import { loadDeployment } from "../harness/stackExamples";
import { changing, engineOrSkip, previewSteps, runCli, inChild } from "./support";

const reviewed = (input: unknown) => {
  const result = validateDeployment(input);
  assert.ok(result.ok);
  return { input, spec: result.spec };
};

test("A -> CNAME in Cloudflare: one up fails at Cloudflare; the review's two runs (targeted destroy, up) apply it", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const base = loadDeployment("Pulumi.contoso.example.yaml");
  const head = structuredClone(base);
  head.sipDomains = head.sipDomains.map((s) => (s.name === "litwareinc.com" ? { ...s, home: "online" } : s));

  // The review: blocking, with the commands.
  const warnings = cloudflareTypeChangeWarnings(await providerChanges(reviewed(base), reviewed(head)));
  assert.deepEqual(
    warnings.map((w) => w.subject),
    ["lyncdiscover.litwareinc.com", "sip.litwareinc.com"],
  );
  const commands = warnings.map((w) => /`pulumi (destroy [^`]+)`/.exec(w.message)![1]);

  const stack = await labStack(engine, "cftype", stackConfig(base));
  await stack.up();
  await setStackConfig(stack, stackConfig(head));
  // One run: the engine creates the CNAME while the A records still stand.
  const oneRun = inChild(engine, "cftype", stackConfig(head));
  assert.equal(oneRun.status, 1, oneRun.output);
  assert.match(oneRun.output, /81053: an A, AAAA, or CNAME record with the host (sip|lyncdiscover)\.litwareinc\.com already exists/);

  // The two runs: the old records first (exactly those), then the rest.
  for (const command of commands) {
    const targets = [...command.matchAll(/--target '([^']+)'/g)].map((m) => m[1]);
    const before: number = deployedResources(engine).length;
    const run = runCli(engine, ["destroy", "--yes", "--stack", "cftype", ...targets.flatMap((x) => ["--target", x])], stack.workspace.workDir);
    assert.equal(run.status, 0, run.output);
    assert.equal(deployedResources(engine).length, before - targets.length, `${command}: deletes exactly its targets`);
  }
  const up = await stack.up();
  assert.equal(up.summary.result, "succeeded");
  const cnames = deployedResources(engine).filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && r.inputs.type === "CNAME");
  assert.deepEqual(cnames.map((r) => r.inputs.name).sort(), ["lyncdiscover.litwareinc.com", "sip.litwareinc.com"]);
  assert.deepEqual(changing(await previewSteps(stack)), [], "converged");
});
