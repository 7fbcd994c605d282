// Internal DNS (issue 13, part 1): the internal view of the shipped examples, its JSON contract, the Windows DNS script
// against the plan, and the INTERNAL-DNS validation. The expected rows are written out from docs/rules.md rows 8-10,
// 15, 17, 19 and 20, not captured from the model.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDeploymentText, type DeploymentInput, type PlanRecord } from "../../components/model";
import { planToJson } from "../../components/render/json";
import { windowsDnsScript } from "../../components/render/windowsDns";
import { zoneFiles } from "../../components/render/zonefile";
import { planOf, problemsOf } from "./support";

const example = (file: string) => parseDeploymentText(readFileSync(join(__dirname, "../..", file), "utf8")) as DeploymentInput;
const FE = ["10.0.1.11", "10.0.1.12"];
const WEB = "10.0.1.20";
const rows = (records: readonly PlanRecord[], who: string | null) =>
  records.filter((r) => r.sipDomain === who).map((r) => [r.zone, r.name, r.type, r.data, r.rule]);

test("pin-point zones (contoso example): per on-premises domain the SRV, sip and lyncdiscoverinternal, each its own zone", () => {
  const plan = planOf(example("Pulumi.contoso.example.yaml"));
  const internal = plan.internal!;
  assert.equal(internal.provider, "external");
  assert.deepEqual(rows(internal.records, "fabrikam.com"), [
    ["_sipinternaltls._tcp.fabrikam.com", "_sipinternaltls._tcp.fabrikam.com", "SRV", "0 0 5061 sip.fabrikam.com.", "row 15"],
    ["lyncdiscoverinternal.fabrikam.com", "lyncdiscoverinternal.fabrikam.com", "A", WEB, "row 19"],
    ...FE.map((ip) => ["sip.fabrikam.com", "sip.fabrikam.com", "A", ip, "row 17"]),
  ]);
  // Shared: the internal web services, dial-in, admin (internal only) and the shared meet host, all on the internal web.
  assert.deepEqual(rows(internal.records, null), [
    ["admin.contoso.com", "admin.contoso.com", "A", WEB, "row 10"],
    ["dialin.contoso.com", "dialin.contoso.com", "A", WEB, "row 9"],
    ["lync.contoso.com", "lync.contoso.com", "A", WEB, "row 8"],
    ["webint.contoso.com", "webint.contoso.com", "A", WEB, "row 20"],
  ]);
  // adatum.com is homed online: Microsoft serves it, inside as outside.
  assert.deepEqual(rows(internal.records, "adatum.com"), []);
  // The internal sip.<d> is not the external one: two views, two answers.
  assert.deepEqual(
    plan.records.filter((r) => r.name === "sip.fabrikam.com").map((r) => r.data),
    ["198.51.100.10", "198.51.100.11"],
  );
});

test("split-brain zones (internal example): the internal records in zones named like the external ones", () => {
  const internal = planOf(example("Pulumi.internal.example.yaml")).internal!;
  assert.equal(internal.zoneStyle, "splitBrain");
  assert.deepEqual(internal.zones, ["contoso.com", "fabrikam.com", "litwareinc.com"]);
  assert.deepEqual(rows(internal.records, "fabrikam.com"), [
    ["fabrikam.com", "_sipinternaltls._tcp.fabrikam.com", "SRV", "0 0 5061 sip.fabrikam.com.", "row 15"],
    // The public copy: the zone hides the external lyncdiscover.<d> from clients inside (INTERNAL-DNS).
    ["fabrikam.com", "lyncdiscover.fabrikam.com", "A", "203.0.113.11", "INTERNAL-DNS"],
    ["fabrikam.com", "lyncdiscoverinternal.fabrikam.com", "A", WEB, "row 19"],
    ...FE.map((ip) => ["fabrikam.com", "sip.fabrikam.com", "A", ip, "row 17"]),
  ]);
});

test("split-brain zones: the public copies clients inside need, each with its reason; none in pin-point zones", () => {
  const spec = example("Pulumi.internal.example.yaml");
  const copies = (records: readonly PlanRecord[]) =>
    records.filter((r) => !r.rule.startsWith("row ")).map((r) => [r.zone, r.name, r.type, r.data, r.rule]);
  // S6: mobile clients inside reach the external web services through the reverse proxy (hair-pinning).
  assert.deepEqual(copies(planOf(spec).internal!.records), [
    ["contoso.com", "lyncdiscover.contoso.com", "A", "203.0.113.11", "INTERNAL-DNS"],
    ["contoso.com", "webext.contoso.com", "A", "203.0.113.10", "S6"],
    ["fabrikam.com", "lyncdiscover.fabrikam.com", "A", "203.0.113.11", "INTERNAL-DNS"],
    ["litwareinc.com", "lyncdiscover.litwareinc.com", "A", "203.0.113.11", "INTERNAL-DNS"],
  ]);
  // S11 (row 5): a split domain needs the Web Conferencing Edge's public name inside too; S9: Office Online Server.
  const hybrid = structuredClone(spec);
  hybrid.sipDomains.find((d) => d.name === "fabrikam.com")!.sharedSipAddressSpace = true;
  hybrid.webServices.officeOnlineServer = { fqdn: "oos.contoso.com", backendAddress: "10.0.1.30" };
  const rules = copies(planOf(hybrid).internal!.records).filter((r) => r[4] === "S11" || r[4] === "S9");
  assert.deepEqual(rules, [
    ["contoso.com", "oos.contoso.com", "A", "203.0.113.10", "S9"],
    ["contoso.com", "webcon.contoso.com", "A", "198.51.100.20", "S11"],
    ["contoso.com", "webcon.contoso.com", "A", "198.51.100.21", "S11"],
  ]);
  // A name with an internal record keeps it: the internal web FQDN equal to the external one stays internal.
  const same = structuredClone(spec);
  same.internalDns!.internalWeb.fqdn = "webext.contoso.com";
  const webext = planOf(same).internal!.records.filter((r) => r.name === "webext.contoso.com");
  assert.deepEqual(
    webext.map((r) => [r.data, r.rule]),
    [[WEB, "row 20"]],
  );
  // Pin-point zones hide nothing else: no copies.
  const pinPoint = structuredClone(spec);
  pinPoint.internalDns!.zones = "pinPoint";
  assert.deepEqual(copies(planOf(pinPoint).internal!.records), []);
});

test("--json: every record carries its view", () => {
  const json = JSON.parse(planToJson(planOf(example("Pulumi.contoso.example.yaml")))) as {
    records: Array<{ view: string; name: string }>;
    internalDns: { zoneStyle: string };
  };
  const views = new Set(json.records.map((r) => r.view));
  assert.deepEqual([...views].sort(), ["external", "internal"]);
  assert.ok(json.records.some((r) => r.view === "internal" && r.name === "lyncdiscoverinternal.contoso.com"));
  assert.ok(json.records.some((r) => r.view === "external" && r.name === "lyncdiscover.contoso.com"));
  assert.equal(json.internalDns.zoneStyle, "pinPoint");
});

/** The records a Windows DNS script adds, read back from its Add-DnsServer* lines. */
function scriptRecords(script: string): string[] {
  const out: string[] = [];
  for (const line of script.split("\n")) {
    const zone = /-ZoneName '([^']+)'/.exec(line)?.[1];
    const name = /-Name '([^']+)'/.exec(line)?.[1];
    if (!zone || !name) continue;
    const fqdn = name === "@" ? zone : `${name}.${zone}`;
    const a = /^\s*Add-DnsServerResourceRecordA .*-IPv4Address '([^']+)'/.exec(line);
    if (a) out.push(`${zone} ${fqdn} A ${a[1]}`);
    const aaaa = /^\s*Add-DnsServerResourceRecordAAAA .*-IPv6Address '([^']+)'/.exec(line);
    if (aaaa) out.push(`${zone} ${fqdn} AAAA ${aaaa[1]}`);
    const srv = /^\s*Add-DnsServerResourceRecord -Srv .*-DomainName '([^']+)' -Priority (\d+) -Weight (\d+) -Port (\d+)/.exec(line);
    if (srv) out.push(`${zone} ${fqdn} SRV ${srv[2]} ${srv[3]} ${srv[4]} ${srv[1]}.`);
  }
  return out.sort();
}

test("split-brain copies with IPv6: the Windows DNS script adds the AAAA copy after a lookup", () => {
  const spec = example("Pulumi.internal.example.yaml");
  spec.webServices.publicIpv6 = "2001:db8::10";
  spec.reverseProxy = { provider: "external" }; // the Azure gateway publishes IPv4 only
  const plan = planOf(spec);
  assert.ok(plan.internal!.records.some((r) => r.name === "webext.contoso.com" && r.type === "AAAA" && r.rule === "S6"));
  const script = windowsDnsScript(plan)!;
  assert.deepEqual(scriptRecords(script), plan.internal!.records.map((r) => `${r.zone} ${r.name} ${r.type} ${r.data}`).sort());
  assert.match(
    script,
    /-RRType AAAA -ErrorAction SilentlyContinue \|\n.*IPv6Address.*'2001:db8::10'.*\n\s+Add-DnsServerResourceRecordAAAA -ZoneName 'contoso\.com' -Name 'webext'/,
  );
});

for (const file of ["Pulumi.contoso.example.yaml", "Pulumi.internal.example.yaml", "Pulumi.prod.example.yaml"]) {
  test(`${file}: the Windows DNS script adds exactly the plan's internal zones and records, each after a lookup`, () => {
    const plan = planOf(example(file));
    const script = windowsDnsScript(plan)!;
    assert.deepEqual(scriptRecords(script), plan.internal!.records.map((r) => `${r.zone} ${r.name} ${r.type} ${r.data}`).sort());
    const zones = [...script.matchAll(/^\s*Add-DnsServerPrimaryZone -Name '([^']+)' -ReplicationScope 'Forest'/gm)].map((m) => m[1]);
    assert.deepEqual(zones, plan.internal!.zones);
    // Idempotent: every Add- is the body of an `if (-not (Get-...))`, so a second run adds nothing.
    const lines = script.split("\n");
    lines.forEach((line, i) => {
      if (/^\s*Add-DnsServer/.test(line)) assert.match(lines.slice(Math.max(0, i - 2), i).join("\n"), /if \(-not \(Get-DnsServer/, line);
    });
    assert.match(script, /^\$ErrorActionPreference = "Stop"$/m);
  });
}

test("the internal zone files hold the internal view only, the external ones the external view", () => {
  const plan = planOf(example("Pulumi.internal.example.yaml"));
  const internal = zoneFiles(plan, "internal").get("fabrikam.com")!;
  const external = zoneFiles(plan, "external").get("fabrikam.com")!;
  assert.match(internal, /^sip\.fabrikam\.com\.\s+3600 IN A\s+10\.0\.1\.11 ; row 17 fabrikam\.com$/m);
  assert.doesNotMatch(internal, /198\.51\.100/);
  assert.doesNotMatch(external, /10\.0\.1\./);
});

test("the internal view does not depend on the order of the SIP domains", () => {
  const spec = example("Pulumi.contoso.example.yaml");
  const reversed = { ...spec, sipDomains: [...spec.sipDomains].reverse() };
  assert.deepEqual(planOf(reversed).internal, planOf(spec).internal);
});

test("INTERNAL-DNS: a contradiction between internal names, and a split-brain name outside every zone", () => {
  const spec = example("Pulumi.internal.example.yaml");
  const clash = { ...spec, internalDns: { ...spec.internalDns!, internalWeb: { fqdn: "sip.fabrikam.com", ipv4: ["10.0.1.20"] } } };
  assert.deepEqual(
    problemsOf(clash).map((p) => [p.path, p.rule, p.subject]),
    [["internalDns", "INTERNAL-DNS", "sip.fabrikam.com"]],
  );
  assert.match(
    problemsOf(clash)[0].message,
    /sip\.fabrikam\.com A is demanded with different data by fabrikam\.com \(row 17\) and the shared services \(row 20\)/,
  );
  const outside = { ...spec, internalDns: { ...spec.internalDns!, internalWeb: { fqdn: "webint.corp.example", ipv4: ["10.0.1.20"] } } };
  assert.deepEqual(
    problemsOf(outside).map((p) => [p.path, p.rule, p.subject]),
    [["internalDns.internalWeb.fqdn", "INTERNAL-DNS", "webint.corp.example"]],
  );
  // The same name is fine as a pin-point zone of its own.
  assert.deepEqual(problemsOf({ ...outside, internalDns: { ...outside.internalDns, zones: "pinPoint" } }), []);
});
