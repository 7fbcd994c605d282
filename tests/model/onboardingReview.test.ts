/**
 * ONBOARD-ORDER in what people read: the Markdown review, the JSON plan, the plan diff and the runbook say which
 * tenant waits for which name and what completes it; the diff and the runbook also say when it is published at last,
 * and the runbook gives the order of a removal.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, planOf } from "./support";
import type { DeploymentInput } from "../../components/model";
import { planToMarkdown } from "../../components/render/markdown";
import { planToJson } from "../../components/render/json";
import { renderPlanDiff } from "../../components/render/diff";
import { diffPlans } from "../../components/plan/diff";
import { runbookForChange, runbookScript } from "../../components/render/runbook";

const EDGE = ["sip.contoso.com", "webcon.contoso.com"];
const spec = (edgeInService: readonly string[], tenants = ["contoso.com", "fabrikam.com"]): DeploymentInput => {
  const d = fixture("contoso-fabrikam-default.yaml");
  return { ...d, certificates: { inService: { "edge-edge1": [...edgeInService] } }, sipDomains: tenants.map((name) => ({ name })) };
};
const before = planOf(spec(EDGE, ["contoso.com"]));
const pending = planOf(spec(EDGE));
const answered = planOf(spec([...EDGE, "sip.fabrikam.com"]));
const WAITING = "waiting for the CA's answer with sip.fabrikam.com (edge-edge1)";

test("review: an Onboarding section with the pending tenant, what it lacks, the records held back and the step", () => {
  const md = planToMarkdown(pending);
  assert.match(
    md,
    /## Onboarding \(ONBOARD-ORDER\)\n\nNames in service: edge-edge1: certificates\.inService; reverse-proxy: not known, so not gated\./,
  );
  assert.ok(
    md.includes(
      '| fabrikam.com | pending: records held back | sip.fabrikam.com (edge-edge1) | _sip._tls.fabrikam.com, _sipfederationtls._tcp.fabrikam.com, lyncdiscover.fabrikam.com, sip.fabrikam.com | install the CA\'s answer to the CSR of edge-edge1 (stack output certificates) and add its names to certificates.inService["edge-edge1"]; the next pulumi up publishes the records |',
    ),
    md,
  );
  assert.match(md, new RegExp(`- \\[ONBOARD-ORDER\\] fabrikam\\.com: pending: ${WAITING.replace(/[().]/g, "\\$&")}`));
  assert.match(planToMarkdown(answered), /Every tenant's names are on the certificates in service\./);
  const json = JSON.parse(planToJson(pending)) as { onboarding: { waiting: Array<{ sipDomain: string; state: string }> } };
  assert.deepEqual(
    json.onboarding.waiting.map((w) => [w.sipDomain, w.state]),
    [["fabrikam.com", "pending"]],
  );
});

test("diff: the added tenant is pending with what it waits for; the run after the answer publishes it", () => {
  const adding = diffPlans(before, pending);
  assert.deepEqual(adding.onboarding, { pending: { "fabrikam.com": "sip.fabrikam.com (edge-edge1)" }, published: [] });
  assert.deepEqual(adding.zones, [], "no record of the pending tenant goes out");
  assert.deepEqual(
    adding.certificates.map((c) => [c.id, c.sansAdded]),
    [["edge-edge1", ["sip.fabrikam.com"]]],
    "its request does",
  );
  const md = renderPlanDiff(before, pending, "markdown");
  assert.ok(md.includes(`- pending \`fabrikam.com\`: ${WAITING}; its records are held back until the certificate in service carries them`), md);

  const publishing = diffPlans(pending, answered);
  assert.deepEqual(publishing.onboarding, { pending: {}, published: ["fabrikam.com"] });
  assert.deepEqual(publishing.certificates, [], "the request does not change again");
  assert.ok(publishing.zones.flatMap((z) => z.added).some((r) => r.name === "_sip._tls.fabrikam.com"));
  assert.match(renderPlanDiff(pending, answered, "markdown"), /- published `fabrikam\.com`: the certificate in service now carries its names/);
});

test("runbook: the pending tenant's note says move no user before the records are published; removal gives the order", () => {
  const change = runbookForChange(before, pending);
  assert.ok(
    change.includes(
      `# pending: fabrikam.com waits for the CA's answer with sip.fabrikam.com (edge-edge1); its DNS records are held back (ONBOARD-ORDER).`,
    ),
    change,
  );
  assert.match(change, /# and run pulumi up: that run publishes the records\. Move no user to fabrikam\.com before: Microsoft asks for the edge/);
  assert.match(runbookScript(pending), /# pending: fabrikam\.com waits for the CA's answer/);
  assert.match(runbookForChange(pending, answered), /# fabrikam\.com: this change publishes its held-back records/);
  const removal = runbookForChange(answered, before);
  assert.match(
    removal,
    /# fabrikam\.com leaves: its records go in this run, first; its names stay on the certificate in service until the answer to the new/,
  );
  assert.match(removal, /Install that answer no sooner than one DNS TTL after this run/);
});
