// Two deployments in one program, under the real engine: registered and deployed side by side, every object under a
// logical name of its own deployment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LyncDeployment, validateDeployment, type DeploymentSpec } from "../../components";
import { labStack, deployedResources } from "../../lab/engine";
import { loadDeployment } from "../harness/stackExamples";
import { engineOrSkip, nameOf } from "./support";

function spec(file: string): DeploymentSpec {
  const r = validateDeployment(loadDeployment(file));
  assert.ok(r.ok);
  return r.spec;
}

test("two deployments in one program deploy without a URN conflict", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const [east, west] = [spec("Pulumi.contoso.example.yaml"), spec("Pulumi.test.example.yaml")];
  const program = () => {
    new LyncDeployment("east", { deployment: east, legacyNameAliases: false });
    new LyncDeployment("west", { deployment: west, legacyNameAliases: false });
    return {};
  };
  const stack = await labStack(engine, "two", {}, program);
  await stack.up();
  const names = deployedResources(engine).map((r) => nameOf(r.urn));
  assert.ok(names.some((n) => n.startsWith("east-")) && names.some((n) => n.startsWith("west-")));
  assert.equal(new Set(names).size, names.length, "every object has its own logical name");
});
