// The plan diff for pull-request reviews (components/model/diff.ts, render/diff.ts): pure, from two plans.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPlan, validateDeployment, type Plan } from "../../components/model";
import { diffPlans, type PlanDiff } from "../../components/plan/diff";
import { renderPlanDiff } from "../../components/render/diff";
import { loadDeployment } from "../harness/stackExamples";

function plan(d: unknown): Plan {
  const r = validateDeployment(d);
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.problems));
  return buildPlan(r.spec);
}
const contoso = () => loadDeployment("Pulumi.contoso.example.yaml");
/** The JSON form of the review: the plan diff plus `changes`. */
const jsonDiff = (base: Plan, head: Plan) => JSON.parse(renderPlanDiff(base, head, "json")) as PlanDiff & { changes: boolean };

test("identical configs say no changes, in Markdown and JSON", () => {
  const p = plan(contoso());
  const reordered = contoso();
  reordered.sipDomains.reverse();
  assert.match(renderPlanDiff(p, plan(reordered), "markdown"), /\*\*No changes\*\*/);
  const json = jsonDiff(p, p);
  assert.equal(json.changes, false);
  assert.deepEqual(json.tenants, { added: [], removed: [], changed: [], addedMeetUrls: {} });
  assert.deepEqual([json.zones, json.certificates, json.routes, json.warnings], [[], [], [], []]);
});

test("adding a tenant: the tenant and its meet URL, its record sets, the edge SAN delta with used/limit, its S17 warning", () => {
  const a = contoso();
  const b = contoso();
  b.zones.push({ provider: "external", name: "northwind.com" });
  b.sipDomains.push({ name: "northwind.com" });
  const d = diffPlans(plan(a), plan(b));
  assert.deepEqual(d.tenants.added, ["northwind.com"]);
  assert.deepEqual(
    d.zones.map((z) => [z.zone, z.provider, z.removed.length, z.changed.length]),
    [["northwind.com", "external", 0, 0]],
  );
  assert.deepEqual(
    d.zones[0].added.map((r) => `${r.type} ${r.name}`),
    ["SRV _sip._tls.northwind.com", "SRV _sipfederationtls._tcp.northwind.com", "A lyncdiscover.northwind.com", "A sip.northwind.com"],
  );
  assert.deepEqual(d.certificates, [
    {
      id: "edge-edge1",
      change: "reissue",
      subject: "access.contoso.com",
      sansAdded: ["sip.northwind.com"],
      sansRemoved: [],
      usedBefore: "5/250",
      usedAfter: "6/250",
      otherChanges: [],
    },
  ]);
  assert.deepEqual(
    d.routes.map((r) => [r.id, r.hostsAdded]),
    [["http-lyncdiscover", ["lyncdiscover.northwind.com"]]],
  );
  // webext.contoso.com lies outside northwind.com: the one S17 plan warning covers it without naming it, the diff does.
  assert.deepEqual(
    d.warnings.map((w) => [w.rule, w.subject]),
    [["S17", "northwind.com"]],
  );
  assert.deepEqual(d.tenants.addedMeetUrls, { "northwind.com": plan(b).tenants.find((t) => t.name === "northwind.com")!.meetUrl });
  const md = renderPlanDiff(plan(a), plan(b), "markdown");
  assert.match(md, /- added: `northwind\.com`\n- meet URL of `northwind\.com`: https:\/\/\S+/);
  assert.match(md, /- ⚠️ \[S17\] `northwind\.com`: new tenant northwind\.com: HTTP discovery sends its desktop clients/);
  assert.match(md, /\| edge-edge1 \| reissue \| access\.contoso\.com \| `sip\.northwind\.com` \| – \| 5\/250 → 6\/250 \| – \|/);
  assert.match(md, /#### `northwind\.com` \(external: publish these changes by hand\)/);
  assert.match(md, /\| \+ \| sip\.northwind\.com \| A \| 3600 \| 198\.51\.100\.10<br>198\.51\.100\.11 \| northwind\.com \|/);
});

test("removing a tenant is a warning; its record sets and SAN leave", () => {
  const a = contoso();
  const b = contoso();
  b.sipDomains = b.sipDomains.filter((x) => x.name !== "fabrikam.com");
  const d = diffPlans(plan(a), plan(b));
  assert.deepEqual(d.tenants.removed, ["fabrikam.com"]);
  assert.deepEqual(d.certificates[0].sansRemoved, ["sip.fabrikam.com"]);
  assert.ok(d.zones.find((z) => z.zone === "fabrikam.com")!.removed.length >= 4);
  assert.deepEqual(
    d.warnings.map((w) => [w.rule, w.subject]),
    [["DIFF-TENANT-REMOVED", "fabrikam.com"]],
  );
  assert.match(renderPlanDiff(plan(a), plan(b), "markdown"), /### Warnings\n\n- ⚠️ \[DIFF-TENANT-REMOVED\] `fabrikam\.com`:/);
});

test("a TTL change: every record set changed, TTL shown before → after, nothing else", () => {
  const a = contoso();
  const b = contoso();
  b.dns!.ttl = 300;
  const d = diffPlans(plan(a), plan(b));
  const sets = d.zones.flatMap((z) => [...z.added, ...z.removed, ...z.changed]);
  assert.ok(sets.length > 0 && sets.every((s) => s.before?.ttl === 3600 && s.after?.ttl === 300));
  assert.deepEqual([d.tenants, d.certificates, d.routes, d.warnings], [{ added: [], removed: [], changed: [], addedMeetUrls: {} }, [], [], []]);
  assert.match(renderPlanDiff(plan(a), plan(b), "markdown"), /\| ~ \| sip\.contoso\.com \| A \| 3600 → 300 \|/);
  // Cloudflare sets a proxied record's TTL itself (always automatic): the TTL change does not reach it.
  assert.ok(!sets.some((s) => s.name === "lyncdiscover.litwareinc.com"));
  assert.ok(sets.some((s) => s.name === "sip.litwareinc.com"));
});

test("moving a domain to another edge pool: a tenant change warning, both edge SAN deltas, its sip records change", () => {
  const a = contoso();
  a.edgePools.push({
    name: "edge2",
    accessEdge: { fqdn: "access2.contoso.com", ipv4: ["198.51.100.40"] },
    webConferencing: { fqdn: "webcon2.contoso.com", ipv4: ["198.51.100.50"] },
    audioVideo: { fqdn: "av2.contoso.com", ipv4: ["198.51.100.60"] },
  });
  for (const d of a.sipDomains) if (d.home !== "online") d.edgePool = "edge1";
  const b = structuredClone(a);
  b.sipDomains.find((d) => d.name === "fabrikam.com")!.edgePool = "edge2";
  const d = diffPlans(plan(a), plan(b));
  assert.deepEqual(d.tenants.changed, [{ name: "fabrikam.com", changes: ["edgePool: edge1 -> edge2"] }]);
  assert.deepEqual(
    d.certificates.map((c) => [c.id, c.sansAdded, c.sansRemoved]),
    [
      ["edge-edge1", [], ["sip.fabrikam.com"]],
      ["edge-edge2", ["sip.fabrikam.com"], []],
    ],
  );
  assert.deepEqual(
    d.zones.map((z) => [z.zone, z.changed.map((s) => `${s.type} ${s.name} ${s.after!.data.join(",")}`)]),
    [["fabrikam.com", ["A sip.fabrikam.com 198.51.100.40"]]],
  );
  assert.deepEqual(
    d.warnings.map((w) => w.rule),
    ["DIFF-TENANT-MOVED"],
  );
});

test("destructive or surprising: a record removed for a listed tenant, a key rotation, a CA limit change", () => {
  const base = plan(contoso());
  const keyed = (p: Plan, rotation: string) => ({ ...p, certificates: p.certificates.map((c) => ({ ...c, key: { ...c.key, rotation } })) }) as Plan;
  const rotated = keyed(base, "2");
  const head: Plan = {
    ...rotated,
    records: base.records.filter((r) => !(r.name === "_sipfederationtls._tcp.contoso.com")),
    certificates: rotated.certificates.map((c) => (c.id === "edge-edge1" ? { ...c, limit: 100, caProfile: "letsencrypt" } : c)),
  };
  const d = diffPlans(keyed(base, "1"), head);
  assert.deepEqual(d.warnings.map((w) => `${w.rule} ${w.subject}`).sort(), [
    "DIFF-CA-LIMIT edge-edge1",
    "DIFF-KEY-ROTATION edge-edge1",
    "DIFF-KEY-ROTATION reverse-proxy",
    "DIFF-RECORD-REMOVED _sipfederationtls._tcp.contoso.com",
  ]);
  assert.equal(d.certificates.find((c) => c.id === "edge-edge1")!.usedAfter, "5/100");
  const json = jsonDiff(keyed(base, "1"), head);
  assert.equal(json.changes, true);
  assert.equal(json.warnings.length, 4);
});

test("a name that leaves every certificate while its tenant stays listed is a warning", () => {
  const a = contoso();
  const b = contoso();
  b.sipDomains.find((d) => d.name === "fabrikam.com")!.edgeHost = "sipedge.fabrikam.com";
  const d = diffPlans(plan(a), plan(b));
  assert.deepEqual(
    d.certificates.map((c) => [c.id, c.sansAdded, c.sansRemoved]),
    [["edge-edge1", ["sipedge.fabrikam.com"], ["sip.fabrikam.com"]]],
  );
  assert.ok(
    d.warnings.some(
      (w) => w.rule === "DIFF-SAN-REMOVED" && /sip\.fabrikam\.com leaves every certificate although tenant fabrikam\.com/.test(w.message),
    ),
  );
});

test("a new proxied record keeps its (proxied) mark and automatic TTL in the review", () => {
  const a = contoso();
  const b = contoso();
  b.sipDomains.push({ name: "eu.litwareinc.com" });
  const md = renderPlanDiff(plan(a), plan(b), "markdown");
  assert.match(md, /\| \+ \| lyncdiscover\.eu\.litwareinc\.com \| A \| auto \| [\d.]+ \(proxied\) \| eu\.litwareinc\.com \|/);
  assert.match(md, /\| \+ \| sip\.eu\.litwareinc\.com \| A \| 3600 \| [\d.<>br]+ \| eu\.litwareinc\.com \|/);
});
