/**
 * Property tests (fast-check) over generated deployments: 1-8 SIP domains (some homed online, some in Cloudflare
 * zones with proxied lyncdiscover), 1-3 edge pools with pinned or hashed domains and an optional federation route, the
 * three meet styles (deployment default and per domain), both lyncdiscover modes. The oracles are written from docs/rules.md, independently of the model's own helpers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { planOf } from "./support";
import { planToJson } from "../../components/render/json";
import type { DeploymentInput, Plan } from "../../components/model";

type Spec = DeploymentInput;
type SipDomain = Spec["sipDomains"][number];
type Zone = Spec["zones"][number];

const INFRA = "contoso.com";
const HTTP_ROOT_PATHS = { allow: ["/", "/autodiscover/autodiscoverservice.svc/root"], otherwise: "refuse" };

/** Host labels the model derives names from: a SIP domain called meet.<zone> would collide with S4 on purpose. */
const RESERVED = new Set(["meet", "lync", "sfb", "dialin", "admin", "sip", "sipfed", "xmpp", "lyncdiscover", "webext", "contoso"]);
const MEET_STYLES = ["perDomain", "perDomainBase", "sharedHost"] as const;
type MeetStyle = (typeof MEET_STYLES)[number];
/** The option-2 base label of the generated deployments. */
const BASE_LABEL = "sfb";
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/).filter((l) => !RESERVED.has(l));

const tenantArb = fc.record({
  // <zone> is <label>.<tld>; about two thirds of the domains sit one level below it, in that zone (longest match).
  zone: fc.tuple(label, fc.constantFrom("com", "net", "org", "de")).map(([l, t]) => `${l}.${t}`),
  sub: fc.option(label, { freq: 3, nil: undefined }),
  home: fc.constantFrom("onPremises", "onPremises", "online"),
  federation: fc.boolean(),
  xmpp: fc.boolean(),
  provider: fc.constantFrom("azure", "cloudflare", "external"),
  proxyLyncdiscover: fc.boolean(),
  pin: fc.option(fc.nat(2), { nil: undefined }),
  meet: fc.option(fc.constantFrom(...MEET_STYLES), { freq: 2, nil: undefined }),
});

const octets = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max: 254 }), { minLength: 1, maxLength: max });

const poolArb = fc.record({ access: octets(3), webcon: octets(3), av: octets(3), ipv6: fc.boolean() });

const specArb = fc
  .record({
    tenants: fc
      .uniqueArray(tenantArb, { selector: (t) => (t.sub ? `${t.sub}.${t.zone}` : t.zone), minLength: 1, maxLength: 8 })
      .map((ts) => ts.map(({ zone, sub, ...t }) => ({ ...t, zone, name: sub ? `${sub}.${zone}` : zone }))),
    infraTenant: fc.boolean(),
    pools: fc.array(poolArb, { minLength: 1, maxLength: 3 }),
    product: fc.constantFrom("lync2013", "sfb2015"),
    meet: fc.constantFrom(...MEET_STYLES),
    federationRoute: fc.option(fc.nat(2), { nil: undefined }),
    wildcard: fc.boolean(),
    lyncdiscover: fc.constantFrom("http", "https"),
    httpOnlyIp: fc.boolean(),
    ipv6: fc.boolean(),
    oos: fc.boolean(),
    admin: fc.boolean(),
    srv: fc.tuple(fc.nat(20), fc.nat(20)),
  })
  .map((g): Spec => {
    const tenants = [...g.tenants];
    if (g.infraTenant)
      tenants.push({
        name: INFRA,
        zone: INFRA,
        home: "onPremises",
        federation: true,
        xmpp: false,
        provider: "azure",
        proxyLyncdiscover: false,
        pin: undefined,
        meet: undefined,
      });
    const styles = new Set<MeetStyle>([g.meet, ...tenants.filter((t) => t.home === "onPremises").map((t) => t.meet ?? g.meet)]);
    // One zone per distinct <zone>, its provider settings taken from (the last) one of its domains.
    const zoneOwners = [...new Map(tenants.filter((t) => t.zone !== INFRA).map((t) => [t.zone, t] as const)).values()];
    const service = (i: number, kind: string, net: number, ips: number[], v6: boolean) => ({
      fqdn: `${kind}${i}.${INFRA}`,
      ipv4: ips.map((x) => `100.${i}.${net}.${x}`), // public (100.0.0.0/10, below CGNAT's 100.64.0.0/10): published in DNS
      ...(v6 ? { ipv6: ips.map((x) => `2001:db8:${i}:${net}::${x.toString(16)}`) } : {}),
    });
    return {
      product: g.product,
      infrastructureDomain: INFRA,
      dns: { ttl: 3600, srvPriority: g.srv[0], srvWeight: g.srv[1] },
      zones: [
        { provider: "azure", name: INFRA, resourceGroup: "rg-dns" },
        ...zoneOwners.map((t): Zone =>
          t.provider === "azure"
            ? { provider: "azure", name: t.zone, resourceGroup: "rg-dns" }
            : t.provider === "cloudflare"
              ? { provider: "cloudflare", name: t.zone, zoneId: "023e105f4ecef8ad9ca31a8372d0c353", proxyLyncdiscover: t.proxyLyncdiscover }
              : { provider: "external", name: t.zone },
        ),
      ],
      ...(g.federationRoute !== undefined ? { federationRoute: `edge${(g.federationRoute % g.pools.length) + 1}` } : {}),
      edgePools: g.pools.map((p, i) => ({
        name: `edge${i + 1}`,
        accessEdge: service(i + 1, "access", 1, p.access, p.ipv6),
        webConferencing: service(i + 1, "webcon", 2, p.webcon, p.ipv6),
        audioVideo: service(i + 1, "av", 3, p.av, p.ipv6),
      })),
      webServices: {
        externalFqdn: `webext.${INFRA}`,
        publicIpv4: "203.0.113.10",
        ...(g.ipv6 ? { publicIpv6: "2001:db8:ffff::10" } : {}),
        ...(g.httpOnlyIp ? { lyncdiscoverHttpIpv4: "203.0.113.11" } : {}),
        backend: { address: "10.99.0.10" },
        ...(g.oos ? { officeOnlineServer: { fqdn: `oos.${INFRA}`, backendAddress: "10.99.0.20" } } : {}),
      },
      simpleUrls: {
        meet: g.meet,
        ...(styles.has("sharedHost") ? { sharedHost: `lync.${INFRA}` } : {}),
        ...(styles.has("perDomainBase") ? { baseLabel: BASE_LABEL } : {}),
        dialinUrl: `https://dialin.${INFRA}`,
        ...(g.admin ? { adminUrl: `https://admin.${INFRA}` } : {}),
      },
      lyncdiscover: g.lyncdiscover,
      ...(g.wildcard ? { certificates: { reverseProxy: { wildcard: true } } } : {}),
      sipDomains: tenants.map((t) => ({
        name: t.name,
        home: t.home,
        federation: t.federation,
        ...(t.home === "onPremises" ? { xmpp: t.xmpp } : {}),
        ...(t.home === "onPremises" && t.pin !== undefined ? { edgePool: `edge${(t.pin % g.pools.length) + 1}` } : {}),
        ...(t.home === "onPremises" && t.meet !== undefined ? { meet: t.meet } : {}),
      })),
    };
  });

const shuffled = <T>(xs: readonly T[]) => fc.shuffledSubarray([...xs], { minLength: xs.length, maxLength: xs.length });

interface PoolOrder {
  accessEdge: string[];
  webConferencing: string[];
  audioVideo: string[];
  accessEdge6: string[];
}

/** The same spec with every input list shuffled: SIP domains, zones, edge pools and every address list. */
const reorderedArb = specArb.chain((spec) =>
  fc
    .record({
      sipDomains: shuffled(spec.sipDomains),
      zones: shuffled(spec.zones),
      edgePools: fc.tuple(
        ...spec.edgePools.map((p): fc.Arbitrary<PoolOrder> =>
          fc.record({
            accessEdge: shuffled<string>(p.accessEdge.ipv4),
            webConferencing: shuffled<string>(p.webConferencing.ipv4),
            audioVideo: shuffled<string>(p.audioVideo.ipv4),
            accessEdge6: shuffled<string>(p.accessEdge.ipv6 ?? []),
          }),
        ),
      ),
      poolOrder: shuffled<number>(spec.edgePools.map((_: unknown, i: number) => i)),
    })
    .map((order) => {
      const copy = structuredClone(spec);
      copy.sipDomains = order.sipDomains;
      copy.zones = order.zones;
      copy.edgePools.forEach((p, i) => {
        const o = order.edgePools[i];
        p.accessEdge.ipv4 = o.accessEdge;
        p.webConferencing.ipv4 = o.webConferencing;
        p.audioVideo.ipv4 = o.audioVideo;
        if (p.accessEdge.ipv6) p.accessEdge.ipv6 = o.accessEdge6;
      });
      copy.edgePools = order.poolOrder.map((i) => copy.edgePools[i]);
      return { spec, reordered: copy };
    }),
);

const onPremises = (spec: Spec): SipDomain[] => spec.sipDomains.filter((d) => d.home === "onPremises");
/** The zone that holds a domain's records: the longest declared zone containing it. */
const zoneFor = (spec: Spec, name: string): Zone =>
  spec.zones.filter((z) => name === z.name || name.endsWith(`.${z.name}`)).sort((a, b) => b.name.length - a.name.length)[0];
const lyncdiscoverProxied = (spec: Spec, name: string) => {
  const z = zoneFor(spec, name);
  return z.provider === "cloudflare" && z.proxyLyncdiscover === true;
};
const cert = (plan: Plan, id: string) => {
  const c = plan.certificates.find((x) => x.id === id);
  assert.ok(c, `certificate ${id} exists`);
  return c;
};
/** RFC 6125 6.4.3: a name is served by itself or by a wildcard for its left-most label (one label only). */
const covers = (names: readonly string[], host: string) => names.includes(host) || names.includes(`*.${host.slice(host.indexOf(".") + 1)}`);
const srvTarget = (data: string) => data.split(" ")[3].replace(/\.$/, "");
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byteSorted = (xs: readonly string[]) => [...new Set(xs)].sort(compare);

test("order independence: shuffling every input list gives a deep-equal plan", () => {
  fc.assert(
    fc.property(reorderedArb, ({ spec, reordered }) => {
      assert.deepEqual(planOf(reordered), planOf(spec));
    }),
  );
});

test("case and trailing dots do not matter: upper-cased, dot-terminated SIP domain and zone names give the same plan", () => {
  fc.assert(
    fc.property(specArb, (spec) => {
      const shouted = structuredClone(spec);
      for (const d of shouted.sipDomains) d.name = `${d.name.toUpperCase()}.`;
      for (const z of shouted.zones) z.name = `${z.name.toUpperCase()}.`;
      assert.deepEqual(planOf(shouted), planOf(spec));
    }),
  );
});

test("R-DNS-01/02: every SRV target of an on-premises domain lies inside that domain and has an A record in the plan", () => {
  fc.assert(
    fc.property(specArb, (spec) => {
      const plan = planOf(spec);
      const addressed = new Set(plan.records.filter((r) => r.type === "A").map((r) => r.name));
      for (const d of onPremises(spec)) {
        const srv = plan.records.filter((r) => r.type === "SRV" && r.sipDomain === d.name);
        // R-DNS-03 always, R-DNS-04 with federation, R-DNS-09 with XMPP.
        assert.equal(srv.length, 1 + (d.federation ? 1 : 0) + (d.xmpp ? 1 : 0), d.name);
        for (const r of srv) {
          const target = srvTarget(r.data);
          assert.ok(target.endsWith(`.${d.name}`), `${r.name} -> ${target} lies inside ${d.name}`);
          assert.ok(addressed.has(target), `${target} has an A record`);
          assert.equal(r.zone, plan.records.find((a) => a.name === target && a.type === "A")!.zone, `${target} is published in the same zone`);
        }
      }
    }),
  );
});

test("TLS: every name a client reaches over TLS is on the certificate served there", () => {
  fc.assert(
    fc.property(specArb, (spec) => {
      const plan = planOf(spec);
      // Reverse proxy: every HTTPS host name is on the listener's certificate ...
      const httpsHosts = new Set<string>();
      for (const r of plan.routes.filter((x) => x.listener.protocol === "https")) {
        assert.equal(r.listener.port, 443);
        const served = cert(plan, r.listener.certificate!).dnsNames;
        for (const h of r.listener.hostNames) {
          assert.ok(covers(served, h), `${h} on ${r.listener.certificate}`);
          httpsHosts.add(h);
        }
      }
      // ... and every web name the deployment publishes for HTTPS is on such a listener (S28, S4, S6/S27).
      const web = [spec.webServices.externalFqdn, `dialin.${INFRA}`];
      if (spec.webServices.officeOnlineServer) web.push(spec.webServices.officeOnlineServer.fqdn);
      for (const d of onPremises(spec)) {
        const style = d.meet ?? spec.simpleUrls.meet;
        web.push(style === "perDomain" ? `meet.${d.name}` : style === "perDomainBase" ? `${BASE_LABEL}.${d.name}` : spec.simpleUrls.sharedHost!);
        if (spec.lyncdiscover === "https" && !lyncdiscoverProxied(spec, d.name)) web.push(`lyncdiscover.${d.name}`);
      }
      for (const h of web) assert.ok(httpsHosts.has(h), `${h} is served over HTTPS`);
      // Edge: the access and web conferencing FQDNs and every SRV target (443, 5061, 5269) of the pool's domains.
      // The A/V edge name is not reached over TLS by name (S1: the A/V edge uses no certificate for media).
      for (const p of spec.edgePools) {
        const c = cert(plan, `edge-${p.name}`);
        assert.equal(c.subject.commonName, p.accessEdge.fqdn);
        // S23/S24: no wildcard on the edge, whatever the reverse proxy does.
        assert.ok(!c.dnsNames.some((n) => n.startsWith("*")), `${c.id} has no wildcard`);
        for (const h of [p.accessEdge.fqdn, p.webConferencing.fqdn]) assert.ok(c.dnsNames.includes(h), `${h} on ${c.id}`);
      }
      // A name that two edges present would let one of them answer for a domain it does not serve (FED-ROUTE).
      const edgeNames = plan.certificates.filter((c) => c.kind === "edgeExternal").flatMap((c) => c.dnsNames);
      assert.equal(new Set(edgeNames).size, edgeNames.length, "no name on two edge certificates");
      // Every SRV target: the edge whose address it resolves to serves a certificate with the name its peer checks:
      // the target itself, but the XMPP domain for XMPP on Lync 2013 (S55) and xmpp.<d> on Skype for Business (S1).
      // Federation (SIP and XMPP) reaches the federation route's edge when the deployment names one (FED-ROUTE).
      for (const t of plan.tenants.filter((x) => x.home === "onPremises")) {
        const pinned = spec.sipDomains.find((d) => d.name === t.name)!.edgePool;
        if (pinned) assert.equal(t.edgePool, pinned);
        for (const r of plan.records.filter((x) => x.type === "SRV" && x.sipDomain === t.name)) {
          const target = srvTarget(r.data);
          const addresses = plan.records.filter((a) => a.name === target && a.type === "A").map((a) => a.data);
          assert.ok(addresses.length > 0, `${target} has an address`);
          const pool = spec.edgePools.find((p) => addresses.every((ip) => p.accessEdge.ipv4.includes(ip)))!;
          const federates = !r.name.startsWith("_sip._tls.");
          assert.equal(pool.name, federates ? (spec.federationRoute ?? t.edgePool) : t.edgePool, `${r.name} reaches the right edge`);
          const checked = r.name.startsWith("_xmpp-server.") && spec.product === "lync2013" ? t.name : target;
          assert.ok(cert(plan, `edge-${pool.name}`).dnsNames.includes(checked), `${checked} on edge-${pool.name}`);
        }
      }
    }),
  );
});

test("HTTP: plain-HTTP routes serve only lyncdiscover.<d> of on-premises domains, only the autodiscover root", () => {
  fc.assert(
    fc.property(specArb, (spec) => {
      const plan = planOf(spec);
      const expected = onPremises(spec)
        .filter((d) => spec.lyncdiscover === "http" || lyncdiscoverProxied(spec, d.name))
        .map((d) => `lyncdiscover.${d.name}`);
      const http = plan.routes.filter((r) => r.listener.protocol === "http" || r.backend.protocol === "http");
      assert.equal(http.length, expected.length > 0 ? 1 : 0);
      for (const r of http) {
        assert.deepEqual(r.listener.hostNames, byteSorted(expected));
        for (const h of r.listener.hostNames) assert.match(h, /^lyncdiscover\./);
        assert.deepEqual(r.paths, HTTP_ROOT_PATHS);
        assert.deepEqual([r.listener.protocol, r.listener.port, r.listener.certificate], ["http", 80, null]);
        assert.deepEqual([r.backend.protocol, r.backend.port, r.backend.hostHeader], ["http", 8080, "original"]);
      }
    }),
  );
});

test("sorted and unique: certificate names (with the subject), route host names, records", () => {
  fc.assert(
    fc.property(specArb, (spec) => {
      const plan = planOf(spec);
      for (const c of plan.certificates) {
        assert.deepEqual(c.dnsNames, byteSorted(c.dnsNames), c.id);
        assert.ok(c.dnsNames.includes(c.subject.commonName), `${c.id} carries its subject as a SAN (S21)`);
        assert.ok(!c.subject.commonName.includes("*"), `${c.id}: no wildcard subject (S24)`);
      }
      for (const r of plan.routes) assert.deepEqual(r.listener.hostNames, byteSorted(r.listener.hostNames), r.id);
      // Records: strictly ascending by (zone, name, type, data), so also free of duplicates.
      const keys = plan.records.map((r) => [r.zone, r.name, r.type, r.data]);
      for (let i = 1; i < keys.length; i++) {
        const order = keys[i - 1].map((k, j) => compare(k, keys[i][j])).find((c) => c !== 0) ?? 0;
        assert.equal(order, -1, `${keys[i - 1].join(" ")} before ${keys[i].join(" ")}`);
      }
    }),
  );
});

test("plan JSON is identical across runs (same input, fresh copies, repeated builds)", () => {
  fc.assert(
    fc.property(specArb, (spec) => {
      const first = planToJson(planOf(spec));
      assert.equal(planToJson(planOf(structuredClone(spec))), first);
      assert.equal(planToJson(planOf(JSON.parse(JSON.stringify(spec)))), first);
    }),
  );
});

/**
 * ONBOARD-ORDER: a spec with random names in service per certificate (any subset of what it requests) and random
 * tenants that publish before their certificate.
 */
const inServiceArb = specArb.chain((spec) => {
  const certificates = planOf(spec).certificates;
  return fc.record({
    spec: fc.constant(spec),
    inService: fc
      .tuple(...certificates.map((c) => fc.option(fc.subarray([...c.dnsNames]), { nil: undefined })))
      .map((lists) => Object.fromEntries(certificates.flatMap((c, i) => (lists[i] ? [[c.id, lists[i]]] : [])))),
    early: fc.subarray(spec.sipDomains.map((d) => d.name)),
  });
});

test("ONBOARD-ORDER: no plan publishes a name a certificate in service lacks, unless its tenant opted out; the requests keep every name", () => {
  fc.assert(
    fc.property(inServiceArb, ({ spec, inService, early }) => {
      const full = planOf(spec);
      const plan = planOf({
        ...spec,
        certificates: { ...spec.certificates, inService },
        sipDomains: spec.sipDomains.map((d) => ({ ...d, publishBeforeCertificate: early.includes(d.name) })),
      });
      assert.deepEqual(plan.certificates, full.certificates);
      const carried = (id: string, name: string) => !inService[id] || inService[id].includes(name);
      // Every name a tenant's published record is for, or sends a client to (SRV target), is in service where it is
      // requested. Shared names are outside the gate: every tenant needs them, and CERT-ISSUED refuses their absence.
      for (const r of plan.records) {
        if (r.sipDomain === null || early.includes(r.sipDomain)) continue;
        const reached = r.type === "SRV" ? [r.name, srvTarget(r.data)] : [r.name];
        for (const c of full.certificates)
          for (const n of reached.filter((x) => c.dnsNames.includes(x)))
            assert.ok(carried(c.id, n), `${r.type} ${r.name}: ${n} not on ${c.id} in service`);
      }
      // A tenant is published whole or not at all: whole when every name it puts on a certificate is in service.
      for (const t of full.tenants) {
        const ready = early.includes(t.name) || Object.entries(t.certificateNames).every(([id, names]) => names.every((n) => carried(id, n)));
        const records = (p: typeof plan) => p.records.filter((r) => r.sipDomain === t.name);
        assert.deepEqual(records(plan), ready ? records(full) : [], `${t.name} ${ready ? "published" : "held back"}`);
      }
    }),
  );
});
