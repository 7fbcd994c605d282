// README "From one stack to shards", run as a user types it: one stack holding two edge pools is split into an infra
// shard and a shard per pool by `pulumi state move` of each pool's tenants (SipDomain components, their records move
// with them) and its edge key and CSR, then `pulumi stack rename` of the rest to infra. The move re-parents what it
// moves onto the destination's root stack (the deployment stays behind), so the first `up` of each shard adopts those
// URNs (`lync:adoptMovedResources`) and creates nothing but the deployment component; it ends in
// `preview --expect-no-changes` on every shard, and no key or certificate request is made again.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { DeploymentInput } from "../../components/model";
import { labStack, setStackConfig, stackConfig } from "../../lab/engine";
import { loadDeployment, withSecondEdgePool } from "../harness/stackExamples";
import { changing, engineOrSkip, nameOf, previewSteps, runCli } from "./support";

/** contoso with a second edge pool: fabrikam.com and litwareinc.com on edge2, contoso.com on edge1. */
const twoPools = (): DeploymentInput =>
  withSecondEdgePool(loadDeployment("Pulumi.contoso.example.yaml"), (d) => (d === "contoso.com" ? "edge1" : "edge2"));

const POOLS = { edge1: ["contoso.com"], edge2: ["fabrikam.com", "litwareinc.com"] } as const;

test("the README's state move recipe splits a stack into shards and ends in preview --expect-no-changes", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const spec = twoPools();
  const old = await labStack(engine, "old", stackConfig(spec));
  await old.up();
  const state = (await old.exportStack()).deployment as { resources: Array<{ urn: string; type: string }> };
  const urns = state.resources.map((r) => r.urn);

  for (const [pool, tenants] of Object.entries(POOLS)) {
    const shard = await labStack(engine, pool, stackConfig(spec, { shard: { value: pool }, adoptMovedResources: { value: "true" } }));
    // The pool's tenants (their records are children and move along) and its certificate's key and request.
    const ours = (name: string) => tenants.some((d) => name === `lync-${d}`) || new RegExp(`^lync-edge-${pool}-(key-r\\d+|csr)$`).test(name);
    const moved = urns.filter(
      (u) => /lync:index:Deployment\$(lync:index:SipDomain|tls:index\/(privateKey|certRequest):\w+)::/.test(u) && ours(nameOf(u)),
    );
    assert.equal(moved.length, tenants.length + 2, moved.join("\n"));
    const move = runCli(engine, ["state", "move", "--source", "old", "--dest", pool, "--yes", ...moved], shard.workspace.workDir);
    assert.equal(move.status, 0, move.output);
  }
  const rename = runCli(engine, ["stack", "rename", "infra", "--stack", "old"], old.workspace.workDir);
  assert.equal(rename.status, 0, rename.output);

  for (const stackName of ["infra", ...Object.keys(POOLS)]) {
    const config = stackConfig(spec, { shard: { value: stackName }, adoptMovedResources: { value: "true" } });
    const stack = await labStack(engine, stackName, config);
    // A pool's stack lacks only the deployment component itself (the move left it behind): a create that makes
    // nothing in the cloud. Every moved resource is adopted: no create, replace or delete of anything real.
    const expected = stackName === "infra" ? [] : [`create urn:pulumi:${stackName}::lync::lync:index:Deployment::lync`];
    assert.deepEqual(
      changing(await previewSteps(stack)).map((s) => `${s.op} ${s.urn}`),
      expected,
      `${stackName}: the engine's first preview after the move`,
    );
    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.create ?? 0, expected.length);
    // The `up` wrote the program's URNs; the setting goes, and the stack is exactly what the program declares.
    await setStackConfig(stack, stackConfig(spec, { shard: { value: stackName } }));
    await stack.preview({ expectNoChanges: true });
  }
});
