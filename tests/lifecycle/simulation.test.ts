// Change simulation (issue 6): the real program (index.ts) under mocks with config A then B; every resource classified
// by URN and inputs with the providers' replace semantics (lab/replaceSemantics.ts). Expectations come from the plan
// (which certificates change, which tenant owns what), never from an adapter's internals.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { simulateChange, describeChanges, type ResourceChange, type Simulation } from "../harness/changeSimulation";
import { loadDeployment, withSecondEdgePool, withoutAzure } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { buildPlan, validateDeployment, type DeploymentInput, type Plan } from "../../components/model";
import { diffPlans } from "../../components/plan/diff";

const CSR = "tls:index/certRequest:CertRequest";
const KEY = "tls:index/privateKey:PrivateKey";
const SIGNED = "tls:index/locallySignedCert:LocallySignedCert";
const DNS_TYPES = new Set(["azure-native:dns:RecordSet", "cloudflare:index/dnsRecord:DnsRecord"]);
/** Shared resources that hold every tenant's host names and change in place when a tenant comes or goes. */
const IN_PLACE_TYPES = new Set(["azure-native:network:ApplicationGateway", "cloudflare:index/ruleset:Ruleset"]);

function plan(deployment: unknown): Plan {
  const r = validateDeployment(deployment);
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.problems));
  return buildPlan(r.spec);
}

const simulate = (a: unknown, b: unknown) => simulateChange(a, b, { providers: [tlsMocks()] });
const of = (s: Simulation, kind: ResourceChange["kind"]) => s.changes.filter((c) => c.kind === kind);
/** The SipDomain component of SIP domain `domain`: a child of the program's deployment "lync", named `lync-<domain>`. */
const tenantUrn = (s: Simulation, domain: string, side: "before" | "after") =>
  s[side].resources.find((r) => r.type === "lync:index:SipDomain" && r.name === `lync-${domain}`)?.urn;
const parentOf = (s: Simulation, urn: string) => [...s.before.resources, ...s.after.resources].find((r) => r.urn === urn)?.parent;
const afterInputs = (s: Simulation, urn: string) => s.after.resources.find((r) => r.urn === urn)!.inputs;

/** Replaced CSRs are exactly those of the certificates whose names change in the plan, each for its dnsNames only. */
function assertCsrReplacements(s: Simulation, a: unknown, b: unknown): void {
  const reissued = diffPlans(plan(a), plan(b)).certificates.filter((c) => c.change === "reissue");
  const headCerts = plan(b).certificates.filter((c) => reissued.some((r) => r.id === c.id));
  const csrs = of(s, "replace").filter((c) => c.type === CSR);
  assert.equal(csrs.length, reissued.length, describeChanges(s.changes).join("\n"));
  assert.ok(reissued.length > 0);
  for (const c of csrs) {
    assert.deepEqual(c.replaceReasons, ["dnsNames"], c.name);
    assert.ok(
      headCerts.some((h) => JSON.stringify(h.dnsNames) === JSON.stringify(afterInputs(s, c.urn).dnsNames)),
      c.name,
    );
  }
  // Test stacks: the certificate signed from a replaced CSR is re-issued with it, nothing else.
  for (const c of of(s, "replace").filter((x) => x.type !== CSR)) {
    assert.equal(c.type, SIGNED, c.name);
    assert.deepEqual(c.replaceReasons, ["certRequestPem"]);
  }
}

function assertKeysUntouched(s: Simulation): void {
  const keys = s.changes.filter((c) => c.type === KEY);
  assert.ok(keys.length > 0, "the program registers private keys");
  assert.deepEqual(
    keys.map((c) => c.kind),
    keys.map(() => "unchanged"),
  );
}

/** Add tenant `name` (zone `zone`) to `a`. */
function addTenant(a: DeploymentInput, name: string): DeploymentInput {
  const b = structuredClone(a);
  b.sipDomains.push({ name });
  return b;
}

function scenarios(label: string, base: () => DeploymentInput) {
  describe(`lifecycle on ${label}`, () => {
    const NEW = "tailspin.litwareinc.com"; // in the Cloudflare zone, proxied lyncdiscover: rulesets follow it

    test("add a tenant: only its records are created, the affected CSR(s) replaced, gateway/rules updated in place", async () => {
      const a = base();
      const b = addTenant(a, NEW);
      const s = await simulate(a, b);
      const tenant = tenantUrn(s, NEW, "after")!;
      assert.ok(tenant);
      const created = of(s, "create");
      assert.ok(created.some((c) => c.urn === tenant));
      assert.ok(
        created.some((c) => DNS_TYPES.has(c.type)),
        "the new tenant's records are registered",
      );
      for (const c of created) assert.ok(c.urn === tenant || parentOf(s, c.urn) === tenant, `created outside the new tenant: ${c.type} ${c.name}`);
      assertCsrReplacements(s, a, b);
      const updated = of(s, "update");
      assert.ok(updated.length > 0, "the shared rules/gateway carry the new host names");
      for (const c of updated) assert.ok(IN_PLACE_TYPES.has(c.type), `unexpected update ${c.type} ${c.name}`);
      assert.deepEqual(of(s, "delete"), []);
      assertKeysUntouched(s);
    });

    test("remove a tenant: only its resources are deleted, plus the CSR replaced and the rules updated", async () => {
      const b = base();
      const a = addTenant(b, NEW);
      const s = await simulate(a, b);
      const tenant = tenantUrn(s, NEW, "before")!;
      const deleted = of(s, "delete");
      assert.ok(deleted.some((c) => c.urn === tenant) && deleted.some((c) => DNS_TYPES.has(c.type)));
      for (const c of deleted) assert.ok(c.urn === tenant || parentOf(s, c.urn) === tenant, `deleted outside the tenant: ${c.type} ${c.name}`);
      assertCsrReplacements(s, a, b);
      for (const c of of(s, "update")) assert.ok(IN_PLACE_TYPES.has(c.type), `unexpected update ${c.type} ${c.name}`);
      assert.deepEqual(of(s, "create"), []);
      assertKeysUntouched(s);
    });

    test("reorder the domain, zone and pool lists: nothing changes", async () => {
      const a = base();
      const b = structuredClone(a);
      b.sipDomains.reverse();
      b.zones.reverse();
      b.edgePools.reverse();
      const s = await simulate(a, b);
      assert.ok(s.changes.length > 10);
      assert.deepEqual(describeChanges(s.changes), []);
    });

    test("change the TTL: in-place updates of DNS records only, each for its ttl", async () => {
      const a = base();
      const b = structuredClone(a);
      b.dns!.ttl = 300;
      const s = await simulate(a, b);
      const changed = s.changes.filter((c) => c.kind !== "unchanged");
      assert.ok(changed.length > 0);
      for (const c of changed) {
        assert.equal(c.kind, "update", `${c.type} ${c.name}`);
        assert.ok(DNS_TYPES.has(c.type), `${c.type} ${c.name}`);
        assert.deepEqual(c.changedInputs, ["ttl"]);
      }
    });

    test("move a domain to another edge pool: both edge CSRs and the domain's own address records, nothing else", async () => {
      const a = withSecondEdgePool(base(), () => "edge1");
      const b = structuredClone(a);
      b.sipDomains.find((d) => d.name === "litwareinc.com")!.edgePool = "edge2";
      const s = await simulate(a, b);
      assertCsrReplacements(s, a, b);
      assert.deepEqual(
        of(s, "replace").filter((c) => c.type === CSR).length,
        2,
        "the old pool's certificate loses sip.litwareinc.com, the new pool's gains it",
      );
      const zoneDiff = diffPlans(plan(a), plan(b)).zones.flatMap((z) => [...z.added, ...z.removed, ...z.changed]);
      assert.ok(zoneDiff.length > 0 && zoneDiff.every((r) => r.sipDomain === "litwareinc.com"));
      const tenant = tenantUrn(s, "litwareinc.com", "after")!;
      const dns = s.changes.filter((c) => c.kind !== "unchanged" && c.type !== CSR && c.type !== SIGNED);
      assert.ok(dns.length > 0);
      for (const c of dns) {
        assert.ok(DNS_TYPES.has(c.type), `unexpected ${c.kind} ${c.type} ${c.name}`);
        assert.equal(parentOf(s, c.urn), tenant, `${c.kind} outside litwareinc.com: ${c.name}`);
      }
      assertKeysUntouched(s);
    });

    test("rotate the keys on a protected stack: new keys, CSRs replaced for the key, the old keys' deletion blocked", async () => {
      const a = base();
      a.lifecycle = { protect: true };
      const b = structuredClone(a);
      b.certificates = { ...b.certificates, key: { ...b.certificates?.key, rotation: "2" } };
      const s = await simulate(a, b);
      const keys = s.changes.filter((c) => c.type === KEY);
      assert.deepEqual(keys.map((c) => c.kind).sort(), ["create", "create", "delete", "delete"]);
      assert.ok(
        keys.filter((c) => c.kind === "delete").every((c) => c.blockedByProtect),
        describeChanges(keys).join("\n"),
      );
      const csrs = of(s, "replace").filter((c) => c.type === CSR);
      assert.equal(csrs.length, plan(a).certificates.length);
      for (const c of csrs) assert.deepEqual(c.replaceReasons, ["privateKeyPemWoVersion"]);
    });
  });
}

// The shipped example with its Cloudflare zone serving lyncdiscover through Cloudflare's proxy (so rulesets exist).
const contoso = () => {
  const d = loadDeployment("Pulumi.contoso.example.yaml");
  for (const z of d.zones) if (z.provider === "cloudflare") z.proxyLyncdiscover = true;
  return d;
};

scenarios("Cloudflare + tls (Azure parts external)", () => withoutAzure(contoso()));

scenarios("Azure + Cloudflare + tls (the full example)", contoso);
