// Cloudflare validation: S46 (what may be proxied), rules per phase and expression length, and the S49 / S50b warnings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateDeployment, type Plan, type PlanRecord } from "../../components/model";
import { cloudflareProxyProblems, cloudflareRuleProblems } from "../../components/cloudflare/checks";
import { RULE_LIMITS, edgeRulesets } from "../../components/cloudflare/edgeRules";
import { planOf, threeTenants, validated } from "./fixtures";

const withRecords = (plan: Plan, change: (r: PlanRecord) => PlanRecord): Plan => ({ ...plan, records: plan.records.map(change) });

test("the three-tenant deployment passes every Cloudflare check", () => {
  const spec = validated(threeTenants());
  const plan = planOf(threeTenants());
  assert.deepEqual(cloudflareProxyProblems(spec, plan), []);
  assert.deepEqual(cloudflareRuleProblems(spec, plan), []);
});

test("S46: a proxied SRV, meet, dial-in or external web services record is a validation problem naming S46", () => {
  const spec = validated(threeTenants());
  const plan = planOf(threeTenants());
  const proxy = (name: string, type: string) =>
    cloudflareProxyProblems(
      spec,
      withRecords(plan, (r) => (r.name === name && r.type === type ? { ...r, proxied: true } : r)),
    );
  for (const [name, type] of [
    ["_sip._tls.contoso.com", "SRV"],
    ["meet.fabrikam.com", "A"],
    ["dialin.contoso.com", "A"],
    ["webext.contoso.com", "AAAA"],
    ["av.contoso.com", "A"],
    ["lyncdiscover.litwareinc.com", "CNAME"],
  ]) {
    const problems = proxy(name, type);
    assert.equal(problems.length, 1, `${name} ${type}`);
    assert.equal(problems[0].rule, "S46");
    assert.equal(problems[0].subject, name);
    assert.match(problems[0].message, /NTLM/);
  }
});

test("S46: a proxied record outside a Cloudflare zone is a problem too", () => {
  const input = threeTenants() as { zones: Array<Record<string, unknown>> };
  input.zones[2] = { provider: "external", name: "litwareinc.com" };
  const spec = validated(input);
  const plan = withRecords(planOf(input), (r) => (r.name === "sip.litwareinc.com" ? { ...r, proxied: true } : r));
  assert.deepEqual(
    cloudflareProxyProblems(spec, plan).map((p) => [p.rule, p.subject, p.path]),
    [["S46", "sip.litwareinc.com", "zones[2]"]],
  );
});

test("rule quotas per phase follow the plan tables (S48, S49, WAF custom rules) and one rule per phase fits every plan", () => {
  assert.deepEqual(RULE_LIMITS.http_request_origin, { free: 10, pro: 25, business: 50, enterprise: 300 });
  assert.deepEqual(RULE_LIMITS.http_config_settings, { free: 10, pro: 25, business: 50, enterprise: 300 });
  assert.deepEqual(RULE_LIMITS.http_request_firewall_custom, { free: 5, pro: 20, business: 100, enterprise: 1000 });
  for (const rs of edgeRulesets(planOf(threeTenants()))) assert.equal(rs.rules.length, 1, `${rs.zone} ${rs.phase}`);
});

test("a zone whose host list outgrows the 4,096-character expression limit fails validation (CF-LIMIT)", () => {
  const input = threeTenants() as { zones: Array<Record<string, unknown>>; sipDomains: unknown[]; simpleUrls: unknown; lyncdiscover: string };
  input.zones.push({
    provider: "cloudflare",
    name: "example.net",
    zoneId: "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0",
    plan: "enterprise",
    proxyLyncdiscover: true,
  });
  input.simpleUrls = { meet: "sharedHost", sharedHost: "meet.contoso.com", dialinUrl: "https://dialin.contoso.com" };
  input.lyncdiscover = "http";
  const tenants = Array.from({ length: 120 }, (_, i) => ({ name: `tenant${String(i).padStart(3, "0")}.example.net` }));
  input.sipDomains.push(...tenants);
  const result = validateDeployment(input);
  assert.equal(result.ok, false);
  const limits = result.problems.filter((p) => p.rule === "CF-LIMIT");
  assert.deepEqual(
    limits.map((p) => [p.path, p.subject]),
    [
      ["zones[3]", "example.net"],
      ["zones[3]", "example.net"],
      ["zones[3]", "example.net"],
    ],
  );
  assert.match(limits[0].message, /4096/);
  // 60 tenants fit.
  input.sipDomains.splice(3 + 60);
  assert.deepEqual(
    validateDeployment(input).problems.filter((p) => p.rule === "CF-LIMIT"),
    [],
  );
});

test("S49: Always Use HTTPS on a proxied zone is a warning (zone-wide, no per-host switch), not an error", () => {
  const input = threeTenants() as { zones: Array<Record<string, unknown>> };
  input.zones[1].alwaysUseHttps = true;
  const warnings = planOf(input).warnings.filter((w) => w.rule === "S49");
  assert.deepEqual(
    warnings.map((w) => w.subject),
    ["fabrikam.com"],
  );
  assert.match(warnings[0].message, /zone-wide/);
  // The DNS-only zone with Always Use HTTPS has no HTTP discovery through Cloudflare to break.
  input.zones[1].alwaysUseHttps = false;
  input.zones[2].alwaysUseHttps = true;
  assert.deepEqual(
    planOf(input).warnings.filter((w) => w.rule === "S49"),
    [],
  );
});

test("S49 + S50b: Always Use HTTPS on a name Universal SSL does not cover says that mobile discovery fails both ways", () => {
  const input = threeTenants() as { zones: Array<Record<string, unknown>>; sipDomains: unknown[] };
  input.sipDomains.push({ name: "sales.fabrikam.com" });
  input.zones[1].alwaysUseHttps = true;
  const warnings = planOf(input).warnings.filter((w) => w.rule === "S49");
  assert.deepEqual(
    warnings.map((w) => w.subject),
    ["fabrikam.com", "sales.fabrikam.com"],
  );
  assert.doesNotMatch(warnings[0].message, /HTTPS discovery still works with Universal SSL/);
  assert.match(warnings[0].message, /HTTPS discovery still works only where Universal SSL covers/);
  assert.match(
    warnings[1].message,
    /^mobile discovery of sales\.fabrikam\.com fails both ways: Always Use HTTPS redirects http:\/\/lyncdiscover\.sales\.fabrikam\.com to https, and Universal SSL has no certificate/,
  );
  // Without the deep name, the zone's own names are covered: HTTPS discovery still works.
  input.sipDomains.pop();
  assert.match(planOf(input).warnings.find((w) => w.rule === "S49")!.message, /HTTPS discovery still works with Universal SSL/);
});

test("S50b: a proxied lyncdiscover two levels below its zone is warned about (Universal SSL covers first-level names only)", () => {
  const input = threeTenants() as { sipDomains: unknown[] };
  input.sipDomains.push({ name: "sales.fabrikam.com" });
  const warnings = planOf(input).warnings.filter((w) => w.rule === "S50b");
  assert.deepEqual(
    warnings.map((w) => w.subject),
    ["sales.fabrikam.com"],
  );
});
