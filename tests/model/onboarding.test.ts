/**
 * ONBOARD-ORDER (docs/rules.md): the gate over the plan (components/plan/onboarding.ts). Which names are in service
 * (issued > declared > test CA > not known), which tenants wait, what is held back, what is kept, and what it says.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, planOf, problemsOf } from "./support";
import { buildPlan, validateDeployment, type DeploymentInput, type Plan } from "../../components/model";
import { covers, inServiceOf } from "../../components/plan/onboarding";
import { loadDeployment } from "../harness/stackExamples";

const EDGE = ["sip.contoso.com", "webcon.contoso.com"];
const withInService = (d: DeploymentInput, inService: Record<string, string[]>): DeploymentInput => ({
  ...d,
  certificates: { ...d.certificates, inService },
});
const fabrikamEarly = (d: DeploymentInput): DeploymentInput => ({
  ...d,
  sipDomains: d.sipDomains.map((s) => (s.name === "fabrikam.com" ? { ...s, publishBeforeCertificate: true } : s)),
});
const ownersOf = (plan: Plan) => [...new Set(plan.records.map((r) => r.sipDomain))];

test("covers: the name itself or a wildcard one label above it, in any case, never two labels up", () => {
  assert.equal(covers(["sip.fabrikam.com"], "SIP.Fabrikam.com."), true);
  assert.equal(covers(["*.fabrikam.com"], "meet.fabrikam.com"), true);
  assert.equal(covers(["*.fabrikam.com"], "a.meet.fabrikam.com"), false);
  assert.equal(covers(["*.fabrikam.com"], "fabrikam.com"), false);
  assert.equal(covers([], "sip.fabrikam.com"), false);
});

test("in service: the issued certificate wins over the declared list, which wins over the test CA; none is not known", () => {
  const certs = [{ id: "edge-edge1" }, { id: "reverse-proxy" }];
  const spec = { certificates: { testCa: true, inService: { "edge-edge1": ["SIP.contoso.com."], "reverse-proxy": ["webext.contoso.com"] } } };
  assert.deepEqual(inServiceOf(spec as never, certs, { "edge-edge1": ["a.contoso.com"] }), {
    "edge-edge1": { source: "issued", names: ["a.contoso.com"] },
    "reverse-proxy": { source: "declared", names: ["webext.contoso.com"] },
  });
  assert.deepEqual(inServiceOf({ certificates: { testCa: true } } as never, certs), {
    "edge-edge1": { source: "testCa", names: null },
    "reverse-proxy": { source: "testCa", names: null },
  });
  assert.deepEqual(inServiceOf({ certificates: { testCa: false } } as never, certs), {});
});

test("pending: a tenant whose sip.<d> the edge certificate in service lacks has no record; the request still asks for it", () => {
  const base = fixture("contoso-fabrikam-default.yaml");
  const gated = planOf(withInService(base, { "edge-edge1": EDGE }));
  const full = planOf(withInService(base, { "edge-edge1": [...EDGE, "sip.fabrikam.com"] }));
  assert.deepEqual(
    gated.onboarding.waiting.map((w) => [w.sipDomain, w.state, w.missing, w.records]),
    [
      [
        "fabrikam.com",
        "pending",
        { "edge-edge1": ["sip.fabrikam.com"] },
        ["_sip._tls.fabrikam.com", "_sipfederationtls._tcp.fabrikam.com", "lyncdiscover.fabrikam.com", "sip.fabrikam.com"],
      ],
    ],
  );
  assert.equal(
    gated.records.some((r) => r.sipDomain === "fabrikam.com"),
    false,
  );
  assert.deepEqual(
    gated.records,
    full.records.filter((r) => r.sipDomain !== "fabrikam.com"),
    "every other tenant's and every shared record stays",
  );
  assert.deepEqual(gated.certificates, full.certificates, "the CSR asks for sip.fabrikam.com in the run that holds it back");
  assert.deepEqual(gated.tenants.find((t) => t.name === "fabrikam.com")!.fqdns, []);
  assert.deepEqual(full.onboarding.waiting, []);
  const warning = gated.warnings.find((w) => w.rule === "ONBOARD-ORDER" && w.subject === "fabrikam.com")!;
  assert.match(
    warning.message,
    /^pending: waiting for the CA's answer with sip\.fabrikam\.com \(edge-edge1\); its records \(_sip\._tls\.fabrikam\.com, /,
  );
  assert.match(warning.message, /add its names to certificates\.inService\["edge-edge1"\]; the next pulumi up publishes the records$/);
});

test("pending on the reverse proxy: lyncdiscover.<d> (HTTPS) and meet.<d> (option 1) must be on its certificate in service", () => {
  const base = fixture("contoso-fabrikam-option1.yaml");
  const all = planOf(base).certificates;
  const edge = all.find((c) => c.id === "edge-edge1")!.dnsNames;
  const rp = all.find((c) => c.id === "reverse-proxy")!.dnsNames;
  const plan = planOf(withInService(base, { "edge-edge1": [...edge], "reverse-proxy": rp.filter((n) => n !== "lyncdiscover.fabrikam.com") }));
  assert.deepEqual(
    plan.onboarding.waiting.map((w) => [w.sipDomain, w.missing]),
    [["fabrikam.com", { "reverse-proxy": ["lyncdiscover.fabrikam.com"] }]],
  );
  assert.equal(
    plan.records.some((r) => r.name === "meet.fabrikam.com" || r.name === "_sip._tls.fabrikam.com"),
    false,
  );
  // A wildcard in service covers the names one label below it.
  const wildcard = planOf(
    withInService(base, { "edge-edge1": [...edge], "reverse-proxy": ["webext.contoso.com", "*.fabrikam.com", "*.contoso.com"] }),
  );
  assert.deepEqual(wildcard.onboarding.waiting, []);
});

test("publishBeforeCertificate: the records go out anyway, and a warning says what clients meet", () => {
  const plan = planOf(fabrikamEarly(withInService(fixture("contoso-fabrikam-default.yaml"), { "edge-edge1": EDGE })));
  assert.deepEqual(
    plan.onboarding.waiting.map((w) => [w.sipDomain, w.state]),
    [["fabrikam.com", "early"]],
  );
  assert.ok(plan.records.some((r) => r.name === "_sip._tls.fabrikam.com"));
  const warning = plan.warnings.find((w) => w.rule === "ONBOARD-ORDER" && w.subject === "fabrikam.com")!;
  assert.match(
    warning.message,
    /^published before its certificate \(publishBeforeCertificate\): the certificate in service lacks sip\.fabrikam\.com \(edge-edge1\)/,
  );
});

test("nothing known in service: published as before, one warning that says how to turn the gate on; a test CA gates nothing", () => {
  const base = fixture("contoso-fabrikam-default.yaml");
  const plan = planOf(base);
  assert.deepEqual(plan.onboarding, { inService: {}, waiting: [] });
  assert.deepEqual(ownersOf(plan).sort(), ["contoso.com", "fabrikam.com", null].sort());
  const onboard = plan.warnings.filter((w) => w.rule === "ONBOARD-ORDER");
  // Only edge-edge1 carries tenant names here (HTTP discovery, one shared meet host): the reverse proxy's cannot wait.
  assert.equal(onboard.length, 1);
  assert.match(onboard[0].message, /^the names of the certificate in service are not known for edge-edge1 \(/);
  assert.match(onboard[0].message, /give the answer \(lync:issuedCertificates\) or declare certificates\.inService/);
  const test = planOf({ ...base, certificates: { testCa: true } });
  assert.deepEqual(test.onboarding.waiting, []);
  assert.deepEqual(
    test.warnings.filter((w) => w.rule === "ONBOARD-ORDER"),
    [],
  );
});

test("the issued certificate's names decide (buildPlan's second argument), over the declared list", () => {
  const r = validateDeployment(withInService(fixture("contoso-fabrikam-default.yaml"), { "edge-edge1": [...EDGE, "sip.fabrikam.com"] }));
  assert.ok(r.ok);
  assert.deepEqual(buildPlan(r.spec).onboarding.waiting, []);
  const plan = buildPlan(r.spec, { "edge-edge1": EDGE });
  assert.deepEqual(
    plan.onboarding.waiting.map((w) => w.sipDomain),
    ["fabrikam.com"],
  );
  assert.match(plan.warnings.at(-1)!.message, /give it to the stack \(lync:issuedCertificates\["edge-edge1"\]\)/);
});

test("removal: names the certificate in service still carries for a tenant that left are no problem; the request drops them", () => {
  const base = fixture("contoso-fabrikam-default.yaml");
  const removed = { ...withInService(base, { "edge-edge1": [...EDGE, "sip.fabrikam.com"] }), sipDomains: [{ name: "contoso.com" }] };
  assert.deepEqual(problemsOf(removed), []);
  const plan = planOf(removed);
  assert.deepEqual(plan.onboarding.waiting, []);
  assert.equal(plan.certificates.find((c) => c.id === "edge-edge1")!.dnsNames.includes("sip.fabrikam.com"), false);
  assert.equal(
    plan.records.some((r) => r.name.endsWith("fabrikam.com")),
    false,
  );
});

test("certificates.inService may only name certificates of this deployment (ONBOARD-ORDER, with the ids it has)", () => {
  const problems = problemsOf(withInService(fixture("contoso-fabrikam-default.yaml"), { "edge-nowhere": ["sip.contoso.com"] }));
  assert.deepEqual(problems, [
    {
      path: "certificates.inService.edge-nowhere",
      rule: "ONBOARD-ORDER",
      message: "no certificate of this deployment has this id (it requests: edge-edge1, reverse-proxy)",
    },
  ]);
});

test("a pending tenant's records are validated in the run that adds it, not only in the run that publishes them", () => {
  const base = fixture("contoso-fabrikam-default.yaml");
  // sip.<d> fits in 253 characters, _sipfederationtls._tcp.<d> does not (RFC 1035).
  const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(40)}.fabrikam.com`;
  const adding = { ...base, sipDomains: [...base.sipDomains, { name: long }] };
  const ungated = problemsOf(adding);
  assert.ok(
    ungated.some((p) => p.rule === "RFC1035"),
    JSON.stringify(ungated),
  );
  assert.deepEqual(problemsOf(withInService(adding, { "edge-edge1": [...EDGE, "sip.fabrikam.com"] })), ungated);
});

test("pending inside too: a split-brain deployment holds back the tenant's internal records and its internal zone", () => {
  const base = loadDeployment("Pulumi.internal.example.yaml");
  const edge = planOf(base).certificates.find((c) => c.id.startsWith("edge-"))!;
  const gated = planOf(withInService(base, { [edge.id]: edge.dnsNames.filter((n) => n !== "sip.fabrikam.com") }));
  const full = planOf(withInService(base, { [edge.id]: [...edge.dnsNames] }));
  const inside = (p: Plan) => p.internal!.records.filter((r) => r.sipDomain === "fabrikam.com");
  assert.ok(inside(full).length > 0, "the tenant has internal records once its name is in service");
  assert.deepEqual(inside(gated), [], "none while it waits");
  assert.deepEqual(
    gated.internal!.records,
    full.internal!.records.filter((r) => r.sipDomain !== "fabrikam.com"),
  );
  assert.deepEqual(
    gated.internal!.zones,
    full.internal!.zones.filter((z) => gated.internal!.records.some((r) => r.zone === z)),
    "no internal zone without records",
  );
  assert.ok(!gated.internal!.zones.includes("fabrikam.com"), "its split-brain zone is not created while it waits");
});
