// `npm run plan` reads the stack's issued certificates (`lync:issuedCertificates`) as the program does, so its review
// shows the tenants the next `pulumi up` holds back (ONBOARD-ORDER). The tool runs in this process (tests/harness/tool.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { createLabCa } from "../../lab/ca";
import type { PlanOnboarding } from "../../components/model";
import { main } from "../../tools/plan";
import { runInProcess } from "../harness/tool";

const ROOT = join(__dirname, "../..");
const run = (...args: string[]) => runInProcess("plan", main, args);

test("the plan CLI gates by the stack file's issued certificates: a tenant whose name the one in service lacks is pending", async () => {
  const stack = parse(readFileSync(join(ROOT, "Pulumi.contoso.example.yaml"), "utf8")) as { config: Record<string, unknown> };
  const ca = await createLabCa();
  const inService = await ca.issue("access.contoso.com", ["access.contoso.com", "webcon.contoso.com", "sip.contoso.com", "sip.litwareinc.com"]);
  stack.config["lync:issuedCertificates"] = { "edge-edge1": inService.certPem };
  const file = join(mkdtempSync(join(tmpdir(), "lync-onboard-")), "Pulumi.onboard.yaml");
  writeFileSync(file, stringify(stack));

  const r = await run("--config", file, "--json");
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { onboarding: PlanOnboarding; records: Array<{ sipDomain: string | null; view: string }> };
  assert.deepEqual(plan.onboarding.inService["edge-edge1"].source, "issued");
  assert.deepEqual(
    plan.onboarding.waiting.map((w) => [w.sipDomain, w.state, w.missing]),
    [["fabrikam.com", "pending", { "edge-edge1": ["sip.fabrikam.com"] }]],
  );
  assert.equal(
    plan.records.some((x) => x.view === "external" && x.sipDomain === "fabrikam.com"),
    false,
  );
  const md = await run("--config", file);
  assert.match(md.stdout, /\| fabrikam\.com \| pending: records held back \| sip\.fabrikam\.com \(edge-edge1\) \|/);
});

test("the change review simulates what the plan says: the pending tenant's request changes, none of its records is created", async () => {
  const stack = parse(readFileSync(join(ROOT, "Pulumi.contoso.example.yaml"), "utf8")) as { config: Record<string, unknown> };
  const ca = await createLabCa();
  const inService = await ca.issue("access.contoso.com", ["access.contoso.com", "webcon.contoso.com", "sip.contoso.com", "sip.litwareinc.com"]);
  stack.config["lync:issuedCertificates"] = { "edge-edge1": inService.certPem };
  const dir = mkdtempSync(join(tmpdir(), "lync-onboard-"));
  const head = join(dir, "Pulumi.head.yaml");
  writeFileSync(head, stringify(stack));
  const deployment = stack.config["lync:deployment"] as { sipDomains: Array<{ name: string }> };
  deployment.sipDomains = deployment.sipDomains.filter((d) => d.name !== "fabrikam.com");
  const base = join(dir, "Pulumi.base.yaml");
  writeFileSync(base, stringify(stack));

  const r = await run("--config", head, "--base", base, "--json");
  assert.equal(r.status, 0, r.stderr);
  const review = JSON.parse(r.stdout) as {
    onboarding: { pending: Record<string, string> };
    resources: Array<{ kind: string; type: string; name: string }>;
  };
  assert.deepEqual(review.onboarding.pending, { "fabrikam.com": "sip.fabrikam.com (edge-edge1)" });
  const created = review.resources.filter((c) => c.kind === "create").map((c) => `${c.type} ${c.name}`);
  assert.deepEqual(
    created.filter((c) => c.includes("RecordSet") && c.includes("fabrikam")),
    [],
    created.join("\n"),
  );
  assert.ok(
    review.resources.some((c) => c.kind === "replace" && c.name.endsWith("edge-edge1-csr")),
    JSON.stringify(review.resources),
  );
});
