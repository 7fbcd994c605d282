// The users' three jobs under the real engine (the pinned Pulumi CLI, the lab's provider plugins): `pulumi up` a
// stack, preview the addition of a tenant (the engine's steps equal the change simulation's, URN by URN), deploy it
// (the lab then discovers the new tenant), a second `up` changes nothing, `destroy` leaves the lab's cloud empty.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDeploymentText, validateDeployment, buildPlan } from "../../components/model";
import { labStack, setStackConfig, stackConfig, deployedResources } from "../../lab/engine";
import { runLab } from "../../lab/run";
import { renderReport } from "../../lab/report";
import { simulateChange } from "../harness/changeSimulation";
import { tlsMocks } from "../harness/tlsMocks";
import { changing, engineKinds, engineOrSkip, previewSteps, stackless } from "./support";

const EXAMPLE = path.join(__dirname, "..", "..", "Pulumi.contoso.example.yaml");
/** In the Cloudflare zone with proxied lyncdiscover: rulesets and the edge CSR follow it. */
const NEW = "tailspin.litwareinc.com";

test("add a tenant with the real engine: preview equals the review's simulation, up deploys it, a second up is a no-op, destroy empties the lab", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const base = parseDeploymentText(fs.readFileSync(EXAMPLE, "utf8")) as { sipDomains: Array<{ name: string }> };
  const added = structuredClone(base);
  added.sipDomains.push({ name: NEW });

  const stack = await labStack(engine, "tenants", stackConfig(base));
  const first = await stack.up();
  const deployedBase = deployedResources(engine);
  assert.ok(deployedBase.length > 30, `the lab's cloud holds what up created (${deployedBase.length})`);
  assert.ok((first.summary.resourceChanges?.create ?? 0) > deployedBase.length, "up created every provider resource and the components");

  await setStackConfig(stack, stackConfig(added));
  const steps = await previewSteps(stack);
  const engineChanges = engineKinds(changing(steps));
  const simulation = await simulateChange(base, added, { providers: [tlsMocks()] });
  const reviewChanges = new Map(simulation.changes.filter((c) => c.kind !== "unchanged").map((c) => [stackless(c.urn), c.kind]));
  assert.deepEqual(Object.fromEntries([...engineChanges].sort()), Object.fromEntries([...reviewChanges].sort()));
  // What the user reads in the preview: the new tenant's resources created, the edge CSR replaced, nothing deleted.
  const kinds = [...engineChanges.values()];
  assert.ok(kinds.includes("create") && kinds.includes("replace") && !kinds.includes("delete"), JSON.stringify([...engineChanges]));
  for (const [urn, kind] of engineChanges) {
    if (kind === "create") assert.match(urn, /tailspin/i, `${urn} is created although it is not the new tenant's`);
  }

  await stack.up();
  const result = validateDeployment(added);
  assert.ok(result.ok);
  const plan = buildPlan(result.spec);
  const lab = await runLab(deployedResources(engine), result.spec, plan);
  const report = renderReport(lab.results, lab.notes, lab.certificates);
  const mine = lab.results.filter((r) => r.domain === NEW);
  assert.ok(mine.length > 0 && mine.every((r) => r.status === "pass"), report);

  const again = await stack.up();
  const changes = Object.entries(again.summary.resourceChanges ?? {}).filter(([op, n]) => op !== "same" && n > 0);
  assert.deepEqual(changes, [], "a second up changes nothing");

  await stack.destroy();
  assert.deepEqual(deployedResources(engine), [], "destroy leaves nothing in the lab's cloud");
});
