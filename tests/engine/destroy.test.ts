// Destroying a production-like stack (lifecycle.protect: keys, created zones and gateways protected) under the real
// engine. What a user gets depends on the preview:
// - `pulumi destroy` (its preview first, as a user types it): the engine's protect error, nothing deleted;
// - `pulumi destroy --skip-preview` (also what the Automation API's destroy runs): every unprotected resource is
//   deleted (every DNS record, the CSRs, the rulesets) before the protected ones stop it (docs/operations.md
//   "Destroy a test stack" says so);
// - `pulumi destroy --exclude-protected`: the unprotected rest goes, the protected stay, and the command succeeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { labStack, stackConfig, deployedResources } from "../../lab/engine";
import { loadDeployment } from "../harness/stackExamples";
import { engineOrSkip, runCli } from "./support";

const PROTECTED_TYPES = ["azure-native:network:ApplicationGateway", "tls:index/privateKey:PrivateKey"];

test("destroy of a protected stack: with its preview the engine refuses and deletes nothing; --skip-preview keeps only the protected", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const spec = loadDeployment("Pulumi.contoso.example.yaml");
  spec.lifecycle = { protect: true };
  const stack = await labStack(engine, "protected", stackConfig(spec));
  await stack.up();
  const before = deployedResources(engine).map((r) => r.urn);
  const destroy = (...flags: string[]) => runCli(engine, ["destroy", "--yes", "--stack", "protected", ...flags], stack.workspace.workDir);

  const withPreview = destroy();
  assert.notEqual(withPreview.status, 0);
  assert.match(withPreview.output, /protected/i);
  assert.deepEqual(
    deployedResources(engine).map((r) => r.urn),
    before,
    "the preview stopped the destroy before any delete",
  );

  const skipped = destroy("--skip-preview");
  assert.notEqual(skipped.status, 0);
  assert.match(skipped.output, /protected/i);
  const left = deployedResources(engine);
  assert.ok(left.length > 0 && left.length < before.length, `${left.length} of ${before.length} left`);
  for (const r of left) assert.ok(PROTECTED_TYPES.includes(r.type), `${r.type} ${r.name} is unprotected and survived`);

  // --exclude-protected: the engine deletes what is unprotected and nothing else, and calls that a success.
  const rest = destroy("--exclude-protected");
  assert.equal(rest.status, 0, rest.output);
  assert.deepEqual(
    deployedResources(engine).map((r) => r.urn),
    left.map((r) => r.urn),
    "the protected resources stay",
  );
});
