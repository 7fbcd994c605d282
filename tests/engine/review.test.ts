// The review is the preview: for the churn scenarios the lifecycle tests simulate under mocks, the real engine's
// preview (pinned CLI, lab providers) of the deployed example changes exactly the same URNs in the same way (create,
// update, replace, delete). A disagreement is a bug in the change simulation, the replace table or a lab provider.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { DeploymentInput } from "../../components/model";
import { labStack, setStackConfig, stackConfig } from "../../lab/engine";
import { changesFrom, describeChanges } from "../harness/changeSimulation";
import { loadDeployment, withSecondEdgePool } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { changing, engineKinds, engineOrSkip, previewSteps, stackless } from "./support";

/** The shipped example with its Cloudflare zone serving lyncdiscover through Cloudflare's proxy (rulesets exist). */
function contoso(): DeploymentInput {
  const d = loadDeployment("Pulumi.contoso.example.yaml");
  for (const z of d.zones) if (z.provider === "cloudflare") z.proxyLyncdiscover = true;
  return d;
}

type Scenario = readonly [string, (d: DeploymentInput) => void];

/** A tenant's zone entry by name (the examples' zones are a discriminated union). */
const zone = (d: DeploymentInput, name: string) => d.zones.find((z) => z.name === name)!;

const CONTOSO: readonly Scenario[] = [
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
  ["move a tenant online", (d) => void (d.sipDomains = d.sipDomains.map((s) => (s.name === "fabrikam.com" ? { ...s, home: "online" } : s)))],
  ["move a tenant on-premises", (d) => void (d.sipDomains = d.sipDomains.map((s) => (s.name === "adatum.com" ? { name: s.name } : s)))],
  ["move an Azure zone to another resource group", (d) => void Object.assign(zone(d, "fabrikam.com"), { resourceGroup: "rg-dns-2" })],
  ["point a Cloudflare zone at another zone id", (d) => void Object.assign(zone(d, "litwareinc.com"), { zoneId: "f".repeat(32) })],
  ["move the gateway to another location", (d) => void Object.assign(d.reverseProxy!, { location: "northeurope" })],
];

/** contoso with a second edge pool, every on-premises tenant pinned to the first. */
const twoPools = (): DeploymentInput => withSecondEdgePool(contoso(), () => "edge1");

const TWO_POOLS: readonly Scenario[] = [
  ["move a tenant to another edge pool", (d) => void (d.sipDomains.find((s) => s.name === "litwareinc.com")!.edgePool = "edge2")],
];

/** Private DNS: a shared name moved into a tenant's split-brain zone moves the zone to the shared services. */
const INTERNAL: readonly Scenario[] = [
  ["move a shared name into a tenant's zone", (d) => void (d.internalDns!.internalWeb.fqdn = "webint.fabrikam.com")],
];

const BASES: ReadonlyArray<readonly [string, () => DeploymentInput, readonly Scenario[]]> = [
  ["contoso", contoso, CONTOSO],
  ["two edge pools", twoPools, TWO_POOLS],
  ["internal DNS on Azure Private DNS", () => loadDeployment("Pulumi.internal.example.yaml"), INTERNAL],
];

for (const [baseLabel, makeBase, scenarios] of BASES) {
  test(`${baseLabel}: the plan review's resource changes equal the real engine's preview, URN by URN`, async (t) => {
    const engine = await engineOrSkip(t);
    if (!engine) return;
    const base = makeBase();
    const stack = await labStack(engine, "churn", stackConfig(base));
    await stack.up();
    const fromBase = await changesFrom(base, { providers: [tlsMocks()] });
    for (const [label, change] of scenarios) {
      const head = structuredClone(base);
      change(head);
      await setStackConfig(stack, stackConfig(head));
      const preview = engineKinds(changing(await previewSteps(stack)));
      const simulation = await fromBase(head);
      const review = new Map(simulation.changes.filter((c) => c.kind !== "unchanged").map((c) => [stackless(c.urn), c.kind]));
      assert.deepEqual(
        Object.fromEntries([...preview].sort()),
        Object.fromEntries([...review].sort()),
        `${label}: engine preview vs review\n${describeChanges(simulation.changes).join("\n")}`,
      );
      if (label !== "reorder every list") assert.ok(preview.size > 0, `${label}: the engine previews a change`);
    }
  });
}

test("a private zone that changes owner is applied in place by the engine: no create beside the live zone", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const base = loadDeployment("Pulumi.internal.example.yaml");
  const stack = await labStack(engine, "owner", stackConfig(base));
  await stack.up();
  const head = structuredClone(base);
  INTERNAL[0][1](head);
  await setStackConfig(stack, stackConfig(head));
  // Without the zone's alias the engine creates the zone under its new URN first; the lab, as Azure, refuses an
  // object that exists, and `up` fails midway.
  const result = await stack.up();
  assert.equal(result.summary.result, "succeeded");
  // The internal web name moves from the contoso.com zone to fabrikam.com (one set created, one deleted) and the
  // Front End certificate's request is replaced for it; the zone and its link only change owner.
  const { same, ...changed } = result.summary.resourceChanges!;
  assert.ok(same! > 50);
  assert.deepEqual(changed, { create: 1, delete: 1, replace: 1 });
  assert.deepEqual(changing(await previewSteps(stack)), [], "a second preview changes nothing");
});
