/**
 * The Front End pool's certificate (docs/rules.md 2.3, issue 21 item 2): requested from the internal CA when
 * certificates.frontEnd declares the pool, with every name Microsoft lists for Default, WebServicesInternal,
 * WebServicesExternal and mobility; the runbook imports it on every Front End Server and assigns all three uses.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runbookForChange, runbookScript } from "../../components/render/runbook";
import { planToMarkdown } from "../../components/render/markdown";
import { fixture, planOf, problemsOf } from "./support";

/** Microsoft's two-domain example (meet.<d>, lyncdiscover over HTTPS), with the Front End pool pool01 declared. */
function spec(edit: (s: ReturnType<typeof fixture>) => void = () => {}) {
  const s = fixture("contoso-fabrikam-option1.yaml");
  s.simpleUrls.adminUrl = "https://admin.contoso.com";
  s.certificates = { frontEnd: { pool: "pool01", poolFqdn: "Pool01.Contoso.com.", servers: ["fe01.contoso.com", "fe02.contoso.com"] } };
  edit(s);
  return s;
}

test("front end certificate: pool FQDN, servers, web services, simple URL hosts, sip/lyncdiscoverinternal/lyncdiscover per SIP domain", () => {
  const plan = planOf(spec());
  const c = plan.certificates.find((x) => x.id === "front-end-pool01");
  assert.ok(c, "a front-end-pool01 certificate in the plan");
  assert.equal(c.kind, "frontEnd");
  assert.equal(c.subject.commonName, "pool01.contoso.com");
  // Written out by hand from docs/rules.md 2.3: the internal web FQDN defaults to the pool FQDN (no internalDns here).
  assert.deepEqual(c.dnsNames, [
    "admin.contoso.com",
    "dialin.contoso.com",
    "fe01.contoso.com",
    "fe02.contoso.com",
    "lyncdiscover.contoso.com",
    "lyncdiscover.fabrikam.com",
    "lyncdiscoverinternal.contoso.com",
    "lyncdiscoverinternal.fabrikam.com",
    "meet.contoso.com",
    "meet.fabrikam.com",
    "pool01.contoso.com",
    "sip.contoso.com",
    "sip.fabrikam.com",
    "webext.contoso.com",
  ]);
  assert.equal(c.nameOwners["sip.fabrikam.com"], "fabrikam.com");
  assert.equal(c.nameOwners["pool01.contoso.com"], null);
  assert.deepEqual(c.issuance.extendedKeyUsages, ["serverAuth"], "no client EKU: the pool is no federation client");
  assert.equal(c.limit, 0, "an internal CA has no public name limit unless one is given");
  assert.deepEqual(plan.tenants.find((t) => t.name === "fabrikam.com")!.certificateNames["front-end-pool01"], [
    "lyncdiscover.fabrikam.com",
    "lyncdiscoverinternal.fabrikam.com",
    "meet.fabrikam.com",
    "sip.fabrikam.com",
  ]);
  assert.match(planToMarkdown(plan), /2 public certificates and 1 from the internal CA/);
});

test("front end certificate: the internal web FQDN from internalDns, a declared one wins; none without certificates.frontEnd", () => {
  const internal = { frontEnd: { ipv4: ["10.0.1.11"] }, internalWeb: { fqdn: "webint.contoso.com", ipv4: ["10.0.1.20"] } };
  const names = (edit: Parameters<typeof spec>[0]) => planOf(spec(edit)).certificates.find((x) => x.id === "front-end-pool01")!.dnsNames;
  assert.ok(names((s) => (s.internalDns = internal)).includes("webint.contoso.com"));
  const declared = names((s) => ((s.internalDns = internal), (s.certificates!.frontEnd!.internalWebFqdn = "lyncweb.contoso.com")));
  assert.ok(declared.includes("lyncweb.contoso.com") && !declared.includes("webint.contoso.com"));
  const without = planOf(spec((s) => delete s.certificates));
  assert.deepEqual(
    without.certificates.map((x) => x.id),
    ["edge-edge1", "reverse-proxy"],
  );
});

test("front end certificate: a custom limit is checked like the public ones, and a bad server name is refused", () => {
  const over = problemsOf(spec((s) => (s.certificates!.frontEnd!.ca = { profile: "custom", limit: 5 })));
  assert.ok(over.some((p) => p.rule === "CERT-LIMIT" && p.path === "certificates.frontEnd.ca" && p.subject === "front-end-pool01"));
  const bad = problemsOf(spec((s) => (s.certificates!.frontEnd!.servers = ["fe_01.contoso.com"])));
  assert.ok(
    bad.some((p) => p.path === "certificates.frontEnd.servers[0]"),
    JSON.stringify(bad),
  );
});

test("runbook: the FrontEndCertificate step imports the PFX and assigns Default, WebServicesInternal, WebServicesExternal", () => {
  const script = runbookScript(planOf(spec()));
  assert.match(
    script,
    /if \(\$Step -eq 'FrontEndCertificate:pool01'\) \{[^]*front-end-pool01\.pfx[^]*Import-CsCertificate -Path \$pfxPath[^]*Set-CsCertificate -Type Default, WebServicesInternal, WebServicesExternal -Thumbprint \$thumbprint/,
  );
  assert.match(script, /OAuthTokenIssuer/, "the OAuth certificate is noted");
  assert.match(script, /carry sip\.<d>, lyncdiscoverinternal\.<d> and\n\s*# lyncdiscover\.<d>/, "the reminder lists sip.<d>");
});

test("runbook of a change: a new SIP domain re-imports the Front End certificate; an unchanged one does not", () => {
  const withLitware = (s: ReturnType<typeof fixture>) => {
    s.zones.push({ provider: "azure", name: "litware.com", resourceGroup: "rg-dns" });
    s.sipDomains.push({ name: "litware.com" });
  };
  const base = planOf(spec());
  assert.match(runbookForChange(base, planOf(spec(withLitware))), /\$Step -eq 'FrontEndCertificate:pool01'/);
  assert.doesNotMatch(runbookForChange(base, planOf(spec((s) => (s.dns = { ttl: 600 })))), /FrontEndCertificate/);
});
