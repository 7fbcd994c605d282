// The bench's generated deployments (issue 8): valid, N unique tenants, mixed providers, certificates within limits,
// and N + 1 is N plus exactly one tenant. No timing here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateDeployment, buildPlan } from "../../components/model";
import { generateDeployment, poolsFor, tenant, MODES, DEFAULT_MODE, type Mode } from "../../bench/generate";
import { certificateNames } from "../../bench/engine";

test("generateDeployment(N) is valid at 10, 100 and 1,000 with N unique SIP domains, each in its own zone", () => {
  for (const n of [10, 100, 1000]) {
    const result = validateDeployment(generateDeployment(n));
    assert.ok(result.ok, `${n}: ${JSON.stringify(!result.ok && result.problems.slice(0, 3))}`);
    const names = result.spec.sipDomains.map((d) => d.name);
    assert.equal(names.length, n);
    assert.equal(new Set(names).size, n);
    for (const d of result.spec.sipDomains) assert.equal(d.zone, d.name);
  }
});

test("providers are mixed: 60 % Azure zones, 30 % Cloudflare zones, 10 % homed online (R-DNS-11, on Azure)", () => {
  const spec = generateDeployment(100);
  const zoneOf = new Map(spec.zones.map((z) => [z.name, z.provider]));
  const count = (pick: (d: (typeof spec.sipDomains)[number]) => boolean) => spec.sipDomains.filter(pick).length;
  assert.equal(
    count((d) => d.home !== "online" && zoneOf.get(d.name) === "azure"),
    60,
  );
  assert.equal(
    count((d) => d.home !== "online" && zoneOf.get(d.name) === "cloudflare"),
    30,
  );
  assert.equal(
    count((d) => d.home === "online" && zoneOf.get(d.name) === "azure"),
    10,
  );
  assert.deepEqual(tenant(9), { name: "tenant0009.example", provider: "azure", home: "online" });
  assert.deepEqual(tenant(7), { name: "tenant0007.example", provider: "cloudflare", home: "onPremises" });
  const cloudflareIds = spec.zones.flatMap((z) => (z.provider === "cloudflare" ? [z.zoneId] : []));
  assert.equal(new Set(cloudflareIds).size, 30);
  for (const id of cloudflareIds) assert.match(id!, /^[0-9a-f]{32}$/);
});

test("edge pools keep every certificate within its DigiCert limit at 1,000 (docs/rules.md 5a), one pool up to 222 tenants", () => {
  assert.deepEqual([10, 100, 222, 223, 1000].map(poolsFor), [1, 1, 1, 2, 5]);
  const result = validateDeployment(generateDeployment(1000));
  assert.ok(result.ok);
  const plan = buildPlan(result.spec);
  const edge = plan.certificates.filter((c) => c.kind === "edgeExternal");
  assert.equal(edge.length, 5);
  for (const c of plan.certificates) assert.ok(c.dnsNames.length <= c.limit && c.limit === 250, `${c.id}: ${c.dnsNames.length}/${c.limit}`);
  // Every on-premises tenant is on exactly one edge certificate: 900 sip.<d> names over the five pools.
  assert.equal(
    edge.reduce((sum, c) => sum + c.dnsNames.length - 2, 0),
    900,
  );
});

test("N + 1 with N's pools is N plus one SIP domain and its zone, nothing else", () => {
  for (const n of [10, 100]) {
    const before = generateDeployment(n);
    const after = generateDeployment(n + 1, { pools: poolsFor(n) });
    const added = tenant(n);
    assert.deepEqual(after.sipDomains.slice(0, n), before.sipDomains);
    assert.deepEqual(after.sipDomains[n], { name: added.name });
    assert.deepEqual(after.zones.slice(0, n + 1), before.zones);
    assert.equal(after.zones.length, n + 2);
    assert.deepEqual({ ...after, sipDomains: before.sipDomains, zones: before.zones }, before);
  }
});

test("modes: lyncdiscover and meet style reach the spec; sharedHost only with meet sharedHost (S4)", () => {
  for (const mode of MODES) {
    const spec = generateDeployment(10, { mode });
    assert.equal(spec.lyncdiscover, mode.lyncdiscover);
    assert.equal(spec.simpleUrls.meet, mode.meet);
    assert.equal(spec.simpleUrls.sharedHost, mode.meet === "sharedHost" ? "meet.hoster.example" : undefined);
  }
});

test("public certificate names per on-premises tenant: 1 by default, +1 for meet.<d> (S4 option 1), +1 for https lyncdiscover (S5)", () => {
  const expect = (mode: Mode, names: number) => {
    const c = certificateNames(100, mode);
    assert.ok(!("invalid" in c), JSON.stringify(c));
    assert.deepEqual(c.perOnPremisesTenant, { min: names, max: names });
    assert.equal(c.perOnlineTenant, 0);
  };
  expect(DEFAULT_MODE, 1);
  expect({ lyncdiscover: "http", meet: "perDomain" }, 2);
  expect({ lyncdiscover: "https", meet: "sharedHost" }, 2);
  expect({ lyncdiscover: "https", meet: "perDomain" }, 3);
});

test("at 1,000 a per-domain mode does not fit the reverse-proxy certificate: reported as CERT-LIMIT, not a number", () => {
  const c = certificateNames(1000, { lyncdiscover: "https", meet: "perDomain" });
  assert.ok("invalid" in c);
  assert.match(c.invalid, /^\[CERT-LIMIT\] certificate reverse-proxy needs 1802 names \(900 tenants\)/);
});
