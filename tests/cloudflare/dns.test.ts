// Cloudflare DNS adapter under mocks (issue 4): exact DnsRecord resources for three tenants on three Cloudflare zones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureDeployment, child, threeTenants, ofType, byName, DNS_RECORD, ZONE } from "./fixtures";
import { recordInputs } from "../../components/cloudflare/records";
import type { PlanRecord } from "../../components/model";

/** Local name (the logical name is `child(local)`), owner (its component is `child(domain)`, or the deployment), inputs. */
type Expected = [logicalName: string, owner: string, inputs: Record<string, unknown>];

const SHARED = "lync";
const a = (name: string, content: string, rule: string, owner: string, zoneId: string, proxied = false) => ({
  comment: `Lync ${rule} for ${owner === SHARED ? "the shared services" : owner}`,
  content,
  name,
  proxied,
  ttl: proxied ? 1 : 3600,
  type: content.includes(":") ? "AAAA" : "A",
  zoneId,
});
const srv = (name: string, priority: number, weight: number, port: number, target: string, rule: string, owner: string, zoneId: string) => ({
  comment: `Lync ${rule} for ${owner}`,
  data: { port, target, weight },
  name,
  priority,
  proxied: false,
  ttl: 3600,
  type: "SRV",
  zoneId,
});

/** What an on-premises tenant owns: SRV pair, sip A per access edge address, proxied lyncdiscover, DNS-only meet. */
function onPremises(d: string, zoneId: string): Expected[] {
  return [
    [`${d}/_sip._tls/SRV/0/0/443/sip.${d}`, d, srv(`_sip._tls.${d}`, 0, 0, 443, `sip.${d}`, "R-DNS-03", d, zoneId)],
    [`${d}/_sipfederationtls._tcp/SRV/0/0/5061/sip.${d}`, d, srv(`_sipfederationtls._tcp.${d}`, 0, 0, 5061, `sip.${d}`, "R-DNS-04", d, zoneId)],
    [`${d}/lyncdiscover/A/203.0.113.10`, d, a(`lyncdiscover.${d}`, "203.0.113.10", "R-DNS-07", d, zoneId, true)],
    [`${d}/lyncdiscover/AAAA/2001-db8--10`, d, a(`lyncdiscover.${d}`, "2001:db8::10", "R-DNS-07", d, zoneId, true)],
    [`${d}/meet/A/203.0.113.10`, d, a(`meet.${d}`, "203.0.113.10", "S4", d, zoneId)],
    [`${d}/meet/AAAA/2001-db8--10`, d, a(`meet.${d}`, "2001:db8::10", "S4", d, zoneId)],
    [`${d}/sip/A/198.51.100.10`, d, a(`sip.${d}`, "198.51.100.10", "R-DNS-05", d, zoneId)],
    [`${d}/sip/A/198.51.100.11`, d, a(`sip.${d}`, "198.51.100.11", "R-DNS-05", d, zoneId)],
  ];
}

const CONTOSO = "zid-contoso.com"; // the id the mock gives the zone the stack creates
const EXPECTED: Expected[] = [
  ["contoso.com/access/A/198.51.100.10", SHARED, a("access.contoso.com", "198.51.100.10", "S1", SHARED, CONTOSO)],
  ["contoso.com/access/A/198.51.100.11", SHARED, a("access.contoso.com", "198.51.100.11", "S1", SHARED, CONTOSO)],
  ["contoso.com/av/A/198.51.100.30", SHARED, a("av.contoso.com", "198.51.100.30", "S1", SHARED, CONTOSO)],
  ["contoso.com/dialin/A/203.0.113.10", SHARED, a("dialin.contoso.com", "203.0.113.10", "S4", SHARED, CONTOSO)],
  ["contoso.com/dialin/AAAA/2001-db8--10", SHARED, a("dialin.contoso.com", "2001:db8::10", "S4", SHARED, CONTOSO)],
  ["contoso.com/webcon/A/198.51.100.20", SHARED, a("webcon.contoso.com", "198.51.100.20", "S1", SHARED, CONTOSO)],
  ["contoso.com/webext/A/203.0.113.10", SHARED, a("webext.contoso.com", "203.0.113.10", "S3", SHARED, CONTOSO)],
  ["contoso.com/webext/AAAA/2001-db8--10", SHARED, a("webext.contoso.com", "2001:db8::10", "S3", SHARED, CONTOSO)],
  ...onPremises("contoso.com", CONTOSO),
  ...onPremises("fabrikam.com", "fab0fab0fab0fab0fab0fab0fab0fab0"),
  // R-DNS-11: the online tenant's records point at Microsoft, CNAME targets without the trailing dot.
  [
    "litwareinc.com/_sip._tls/SRV/100/1/443/sipdir.online.lync.com",
    "litwareinc.com",
    srv("_sip._tls.litwareinc.com", 100, 1, 443, "sipdir.online.lync.com", "R-DNS-11", "litwareinc.com", "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e"),
  ],
  [
    "litwareinc.com/_sipfederationtls._tcp/SRV/100/1/5061/sipfed.online.lync.com",
    "litwareinc.com",
    srv(
      "_sipfederationtls._tcp.litwareinc.com",
      100,
      1,
      5061,
      "sipfed.online.lync.com",
      "R-DNS-11",
      "litwareinc.com",
      "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e",
    ),
  ],
  [
    "litwareinc.com/lyncdiscover/CNAME",
    "litwareinc.com",
    {
      comment: "Lync R-DNS-11 for litwareinc.com",
      content: "webdir.online.lync.com",
      name: "lyncdiscover.litwareinc.com",
      proxied: false,
      ttl: 3600,
      type: "CNAME",
      zoneId: "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e",
    },
  ],
  [
    "litwareinc.com/sip/CNAME",
    "litwareinc.com",
    {
      comment: "Lync R-DNS-11 for litwareinc.com",
      content: "sipdir.online.lync.com",
      name: "sip.litwareinc.com",
      proxied: false,
      ttl: 3600,
      type: "CNAME",
      zoneId: "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e",
    },
  ],
];

test("three tenants on Cloudflare: exactly one DnsRecord per plan record, exact v6 inputs, under the owning component", async () => {
  const { resources } = await captureDeployment(threeTenants());
  const parentName = new Map(resources.map((r) => [r.urn, r.name]));
  const actual = ofType(resources, DNS_RECORD)
    .map((r): Expected => [r.name, parentName.get(r.parent) ?? "?", r.inputs])
    .sort((x, y) => (x[0] < y[0] ? -1 : 1));
  assert.deepEqual(
    actual,
    EXPECTED.map(([local, owner, inputs]): Expected => [child(local), owner === SHARED ? SHARED : child(owner), inputs]).sort((x, y) =>
      x[0] < y[0] ? -1 : 1,
    ),
  );
});

test("every DnsRecord is deleted before it is replaced (docs/provider-notes.md 3.7), as the v6 provider does not do it", async () => {
  const { resources } = await captureDeployment(threeTenants());
  const records = ofType(resources, DNS_RECORD);
  assert.equal(records.length, EXPECTED.length);
  for (const r of records) assert.equal(r.options.deleteBeforeReplace, true, r.name);
});

test("S46: no SRV record and no SIP, meet, dial-in or web-services host is proxied; only lyncdiscover.<d> A/AAAA", async () => {
  const { resources } = await captureDeployment(threeTenants());
  const proxied = ofType(resources, DNS_RECORD).filter((r) => r.inputs.proxied === true);
  assert.deepEqual(proxied.map((r) => `${r.inputs.name as string} ${r.inputs.type as string}`).sort(), [
    "lyncdiscover.contoso.com A",
    "lyncdiscover.contoso.com AAAA",
    "lyncdiscover.fabrikam.com A",
    "lyncdiscover.fabrikam.com AAAA",
  ]);
  for (const r of ofType(resources, DNS_RECORD)) {
    if (r.inputs.type === "SRV" || /^(sip|meet|dialin|webext|access|webcon|av)\./.test(String(r.inputs.name))) {
      assert.equal(r.inputs.proxied, false, `${r.inputs.name as string} ${r.inputs.type as string}`);
    }
  }
});

test("SRV never carries the retired data.service/proto/name form; ttl is always set", async () => {
  const { resources } = await captureDeployment(threeTenants());
  for (const r of ofType(resources, DNS_RECORD)) {
    assert.equal(typeof r.inputs.ttl, "number", r.name);
    if (r.inputs.type !== "SRV") continue;
    assert.deepEqual(Object.keys(r.inputs.data as object).sort(), ["port", "target", "weight"]);
    assert.equal(typeof r.inputs.priority, "number");
    assert.ok(!("content" in r.inputs));
  }
});

test("existing zones are referenced by id; a zone with create: true is created in the account and returns its name servers", async () => {
  const { resources, outputs } = await captureDeployment(threeTenants());
  const zones = ofType(resources, ZONE);
  assert.deepEqual(
    zones.map((z) => [z.name, z.inputs]),
    [["lync-contoso.com", { account: { id: "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0" }, name: "contoso.com", type: "full" }]],
  );
  assert.equal(zones[0].parent, byName(resources, "lync:index:Deployment", "lync").urn);
  assert.deepEqual(outputs.nameServers, { "contoso.com": ["ns1.contoso.com.example", "ns2.contoso.com.example"] });
});

test("the record mapping strips trailing dots and gives a proxied record the automatic TTL", () => {
  const r = (x: Partial<PlanRecord>): PlanRecord => ({
    zone: "a.example",
    name: "x.a.example",
    type: "A",
    ttl: 600,
    data: "192.0.2.1",
    rule: "R",
    sipDomain: "a.example",
    proxied: false,
    ...x,
  });
  assert.equal(recordInputs(r({ type: "CNAME", data: "target.example." })).content, "target.example");
  assert.deepEqual(
    recordInputs(r({ type: "SRV", data: "10 20 5061 sip.a.example.", srv: { priority: 10, weight: 20, port: 5061, target: "sip.a.example" } })),
    {
      name: "x.a.example",
      type: "SRV",
      ttl: 600,
      proxied: false,
      comment: "Lync R for a.example",
      priority: 10,
      data: { weight: 20, port: 5061, target: "sip.a.example" },
    },
  );
  assert.equal(recordInputs(r({ proxied: true })).ttl, 1);
});
