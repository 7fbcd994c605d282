/**
 * Issue 2, "Done when": a config with ten deliberate mistakes gets all ten reported in one run
 * (tests/fixtures/ten-mistakes.yaml, each mistake commented there with its path and rule).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, problemsOf } from "./support";
import type { DeploymentInput } from "../../components/model";

type Spec = DeploymentInput;

/** Each mistake: where it is reported, under which rule, and how to correct it. */
const mistakes: Array<{ path: string; rule: string; fix: (s: Spec) => void }> = [
  { path: "zones[3].name", rule: "UNIQUE", fix: (s) => s.zones.splice(3, 1) },
  { path: "edgePools[1].accessEdge.ipv4[0]", rule: "SCHEMA", fix: (s) => (s.edgePools[1].accessEdge.ipv4 = ["198.51.100.12"]) },
  { path: "webServices", rule: "SCHEMA", fix: (s) => delete (s.webServices as Record<string, unknown>).requestTimeout },
  { path: "simpleUrls.adminUrl", rule: "S4", fix: (s) => (s.simpleUrls.adminUrl = "https://admin.contoso.com") },
  { path: "sipDomains[1].edgeHost", rule: "R-DNS-01", fix: (s) => (s.sipDomains[1].edgeHost = "sip.fabrikam.com") },
  { path: "sipDomains[2].xmpp", rule: "R-DNS-09", fix: (s) => (s.sipDomains[2].xmpp = false) },
  { path: "sipDomains[3].name", rule: "R-DNS-12", fix: (s) => (s.sipDomains[3].name = "buecher.fabrikam.com") },
  { path: "sipDomains[4].name", rule: "RFC1035", fix: (s) => (s.sipDomains[4].name = "a.contoso.com") },
  { path: "sipDomains[5].name", rule: "ZONE", fix: (s) => (s.sipDomains[5].name = "tailspintoys.contoso.com") },
  { path: "sipDomains[6].edgePool", rule: "EDGE-POOL", fix: (s) => (s.sipDomains[6].edgePool = "edge2") },
];

const key = (p: { path: string; rule: string }) => `${p.path} ${p.rule}`;

test("ten-mistakes.yaml: all ten mistakes reported in one validateDeployment run, nothing else", () => {
  const problems = problemsOf(fixture("ten-mistakes.yaml"));
  assert.deepEqual(problems.map(key).sort(), mistakes.map(key).sort());
  for (const p of problems) assert.ok(p.message.length > 0, key(p));
  // Problems inside a SIP domain name it, so a reader can find the tenant.
  assert.equal(problems.find((p) => p.path === "sipDomains[6].edgePool")!.subject, "northwind.fabrikam.com");
});

test("ten-mistakes.yaml: the mistakes are independent (correcting one removes exactly its report)", () => {
  for (const m of mistakes) {
    const spec = fixture("ten-mistakes.yaml");
    m.fix(spec);
    const expected = mistakes
      .filter((x) => x !== m)
      .map(key)
      .sort();
    assert.deepEqual(problemsOf(spec).map(key).sort(), expected, `after fixing ${key(m)}`);
  }
});

test("ten-mistakes.yaml: correcting all ten gives a valid deployment", () => {
  const spec = fixture("ten-mistakes.yaml");
  for (const m of mistakes) m.fix(spec);
  assert.deepEqual(problemsOf(spec), []);
});
