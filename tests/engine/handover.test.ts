// A tenant that changes stack in an estate, under the real engine (docs/rules.md SHARD-ORDER): fabrikam.com moves
// from edge pool edge1 to edge2, so its names leave the edge1 stack and join the edge2 stack. Aliases cannot help
// across stacks. Claiming first fails: the lab's azure-native, as Azure, refuses a record set that exists. The order
// deployOrder gives (edge1 releases, then edge2 claims) converges: every stack then previews no change.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import type { DeploymentInput } from "../../components/model";
import { buildPlan, validateDeployment } from "../../components/model";
import { deployOrder } from "../../components/plan/handover";
import { deployedResources, labStack, setStackConfig, stackConfig } from "../../lab/engine";
import { loadDeployment, withSecondEdgePool } from "../harness/stackExamples";
import { changing, engineOrSkip, previewSteps, inChild } from "./support";

const twoPools = (): DeploymentInput =>
  withSecondEdgePool(loadDeployment("Pulumi.contoso.example.yaml"), (d) => (d === "litwareinc.com" ? "edge2" : "edge1"));

const planned = (input: DeploymentInput) => {
  const result = validateDeployment(input);
  assert.ok(result.ok);
  return { spec: result.spec, plan: buildPlan(result.spec) };
};

test("a tenant moved to another pool's stack: claiming first is refused; the SHARD-ORDER order converges", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const base = twoPools();
  const head = structuredClone(base);
  head.sipDomains.find((s) => s.name === "fabrikam.com")!.edgePool = "edge2";
  const { order, problems } = deployOrder(planned(base), planned(head));
  assert.deepEqual(problems, []);
  assert.deepEqual(order, ["infra", "edge1", "edge2"]);

  const stacks: Record<string, Stack> = {};
  for (const shard of order) {
    stacks[shard] = await labStack(engine, shard, stackConfig(base, { shard: { value: shard } }));
    await stacks[shard].up();
  }
  const fabrikam = () => deployedResources(engine).filter((r) => r.name.startsWith("lync-fabrikam.com/"));
  const live = fabrikam().map((r) => r.urn);
  assert.ok(live.length > 0 && live.every((u) => u.startsWith("urn:pulumi:edge1::")));

  const headConfig = (shard: string) => stackConfig(head, { shard: { value: shard } });
  // The claiming stack first: its create of fabrikam.com's record sets meets the live ones edge1 still owns.
  const claimFirst = inChild(engine, "edge2", headConfig("edge2"));
  assert.equal(claimFirst.status, 1, claimFirst.output);
  assert.match(claimFirst.output, /already exists/i);
  for (const shard of order) await setStackConfig(stacks[shard], headConfig(shard));
  assert.deepEqual(
    fabrikam().map((r) => r.urn),
    live,
    "the refused create took nothing over",
  );

  for (const shard of order) await stacks[shard].up();
  assert.ok(fabrikam().length === live.length && fabrikam().every((r) => r.urn.startsWith("urn:pulumi:edge2::")));
  for (const shard of order) assert.deepEqual(changing(await previewSteps(stacks[shard])), [], `${shard} converged`);
});
