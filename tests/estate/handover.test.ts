// SHARD-ORDER (components/plan/handover.ts): a change that moves DNS names between an estate's stacks is applied by
// the releasing stack before the claiming one; otherwise infra first, then the pools as listed. The real engine runs
// both orders in tests/engine/handover.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDeploymentText, validateDeployment, buildPlan, type DeploymentInput } from "../../components/model";
import { deployOrder } from "../../components/plan/handover";
import { ROOT } from "../harness/stackExamples";

const ESTATE = () => parseDeploymentText(readFileSync(join(ROOT, "estate.example.yaml"), "utf8")) as DeploymentInput;

function planned(input: DeploymentInput) {
  const result = validateDeployment(input);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return { spec: result.spec, plan: buildPlan(result.spec) };
}

function order(change: (d: DeploymentInput) => void) {
  const head = ESTATE();
  change(head);
  return deployOrder(planned(ESTATE()), planned(head));
}

const move = (d: DeploymentInput, name: string, to: Partial<DeploymentInput["sipDomains"][number]>) =>
  void (d.sipDomains = d.sipDomains.map((s) => (s.name === name ? { name, ...to } : s)));

test("no move: infra first, then the pools as listed, nothing constrained", () => {
  assert.deepEqual(
    order(() => undefined),
    { order: ["infra", "edge-eu", "edge-us"], constraints: [], problems: [] },
  );
});

test("a tenant moved from edge-eu to edge-us: edge-eu releases its names before edge-us claims them", () => {
  const o = order((d) => move(d, "fabrikam.com", { edgePool: "edge-us" }));
  assert.deepEqual(o.order, ["infra", "edge-eu", "edge-us"]);
  assert.deepEqual(o.constraints, ["edge-eu -> edge-us: name fabrikam.com _sip._tls.fabrikam.com"]);
  const back = order((d) => move(d, "litwareinc.com", { edgePool: "edge-eu" }));
  assert.deepEqual(back.order, ["infra", "edge-us", "edge-eu"]);
});

test("a tenant moved online: its pool releases before infra, which holds the online tenants, claims", () => {
  const o = order((d) => move(d, "fabrikam.com", { home: "online" }));
  assert.deepEqual(o.order, ["edge-eu", "infra", "edge-us"]);
  assert.ok(
    o.constraints.every((c) => c.startsWith("edge-eu -> infra: ")),
    o.constraints.join("\n"),
  );
  assert.deepEqual(o.problems, []);
});

test("moves in both directions at once cannot be ordered: SHARD-ORDER names both stacks and asks for two changes", () => {
  const o = order((d) => {
    move(d, "fabrikam.com", { edgePool: "edge-us" });
    move(d, "litwareinc.com", { edgePool: "edge-eu" });
  });
  assert.deepEqual(
    o.problems.map((p) => `${p.rule} ${p.subject}`),
    ["SHARD-ORDER edge-eu, edge-us"],
  );
  assert.match(
    o.problems[0].message,
    /edge-eu -> edge-us: name fabrikam\.com .*; edge-us -> edge-eu: name litwareinc\.com .*split it into two changes/,
  );
});
