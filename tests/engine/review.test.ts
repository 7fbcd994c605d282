// The review is the preview: for the churn scenarios the lifecycle tests simulate under mocks, the real engine's
// preview (pinned CLI, lab providers) of the deployed example changes exactly the same URNs in the same way (create,
// update, replace, delete). A disagreement is a bug in the change simulation, the replace table or a lab provider.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { DeploymentInput } from "../../components/model";
import { labStack, stackConfig } from "../../lab/engine";
import { describeChanges, simulateChange } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { changing, engineKinds, engineOrSkip, previewSteps, stackless } from "./support";

/** The shipped example with its Cloudflare zone serving lyncdiscover through Cloudflare's proxy (rulesets exist). */
function contoso(): DeploymentInput {
  const d = loadDeployment("Pulumi.contoso.example.yaml");
  for (const z of d.zones) if (z.provider === "cloudflare") z.proxyLyncdiscover = true;
  return d;
}

const SCENARIOS: ReadonlyArray<[string, (d: DeploymentInput) => void]> = [
  ["add a tenant", (d) => void d.sipDomains.push({ name: "tailspin.litwareinc.com" })],
  ["remove a tenant", (d) => void (d.sipDomains = d.sipDomains.filter((s) => s.name !== "fabrikam.com"))],
  [
    "reorder every list",
    (d) => {
      d.sipDomains.reverse();
      d.zones.reverse();
    },
  ],
  ["change the TTL", (d) => void (d.dns = { ...d.dns, ttl: 300 })],
  ["rotate the keys", (d) => void (d.certificates = { ...d.certificates, key: { ...d.certificates?.key, rotation: "2" } })],
  ["switch lyncdiscover to https", (d) => void (d.lyncdiscover = "https")],
];

test("the plan review's resource changes equal the real engine's preview, URN by URN, for every churn scenario", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const base = contoso();
  const stack = await labStack(engine, "churn", stackConfig(base));
  await stack.up();
  for (const [label, change] of SCENARIOS) {
    const head = structuredClone(base);
    change(head);
    await stack.setAllConfig(stackConfig(head));
    const preview = engineKinds(changing(await previewSteps(stack)));
    const simulation = await simulateChange(base, head, { providers: [tlsMocks()] });
    const review = new Map(simulation.changes.filter((c) => c.kind !== "unchanged").map((c) => [stackless(c.urn), c.kind]));
    assert.deepEqual(
      Object.fromEntries([...preview].sort()),
      Object.fromEntries([...review].sort()),
      `${label}: engine preview vs review\n${describeChanges(simulation.changes).join("\n")}`,
    );
    if (label !== "reorder every list") assert.ok(preview.size > 0, `${label}: the engine previews a change`);
  }
});
