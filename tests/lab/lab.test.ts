/**
 * The offline lab must be able to fail: a healthy resource set passes every check, and each deliberately broken set
 * fails exactly the checks it should, with a reason naming the cause. Resources are hand-made in provider SDK shape
 * (fixtures.ts), so these tests do not depend on our adapters.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runLab } from "../../lab/run";
import type { CheckResult } from "../../lab/checks";
import type { LabResource } from "../harness/resources";
import { renderReport, failed } from "../../lab/report";
import { labSpec, labSpecInput, healthyResources, azureRecordSet, certRequest } from "./fixtures";

const { spec, plan } = labSpec();

function failures(results: readonly CheckResult[]): string[] {
  return results
    .filter((r) => r.status !== "pass")
    .map((r) => `${r.domain} ${r.check} ${r.status}`)
    .sort();
}

function reasonOf(results: readonly CheckResult[], domain: string, check: string): string {
  return results.find((r) => r.domain === domain && r.check === check)?.reason ?? "";
}

/** Replaces the resource of `type` named `name` (which must exist). */
function replace(resources: LabResource[], type: string, name: string, next: LabResource | ((r: LabResource) => LabResource)): LabResource[] {
  const at = resources.findIndex((r) => r.type === type && r.name === name);
  assert.ok(at >= 0, `fixture has no ${type} ${name}`);
  const copy = [...resources];
  copy[at] = typeof next === "function" ? next(resources[at]) : next;
  return copy;
}

test("healthy set: every check of every SIP domain passes, the online domain included", async () => {
  const run = await runLab(await healthyResources(spec, plan), spec, plan);
  assert.deepEqual(failures(run.results), [], renderReport(run.results, run.notes));
  assert.deepEqual(
    run.results.map((r) => `${r.domain} ${r.check}`),
    [
      "adatum.com online",
      ...["contoso.com", "fabrikam.com", "litwareinc.com"].flatMap((d) =>
        ["desktop", "federation", "mobile", "meet", "exposure"].map((c) => `${d} ${c}`),
      ),
    ],
  );
  assert.equal(failed(run.results), false);
  assert.match(renderReport(run.results), /16 passed, 0 failed, 0 skipped \(4 SIP domains\)$/);
});

test("R-DNS-01: an SRV target in another domain fails desktop auto-configuration of that domain only", async () => {
  const healthy = await healthyResources(spec, plan);
  const broken = replace(healthy, "azure-native:dns:RecordSet", "fabrikam.com-_sip._tls-SRV", (r) => ({
    ...r,
    inputs: { ...r.inputs, srvRecords: [{ priority: 0, weight: 0, port: 443, target: "sip.contoso.com" }] },
  }));
  const run = await runLab(broken, spec, plan);
  assert.deepEqual(failures(run.results), ["fabrikam.com desktop fail"]);
  assert.match(
    reasonOf(run.results, "fabrikam.com", "desktop"),
    /_sip\._tls\.fabrikam\.com targets sip\.contoso\.com, outside fabrikam\.com \(R-DNS-01\)/,
  );
});

test("S1: an edge certificate missing sip.fabrikam.com fails desktop and federation TLS for fabrikam.com only", async () => {
  const healthy = await healthyResources(spec, plan);
  const edge = plan.certificates.find((c) => c.id === "edge-edge1")!;
  assert.ok(edge.dnsNames.includes("sip.fabrikam.com"));
  const csr = await certRequest(
    "edge-edge1",
    edge.subject.commonName,
    edge.dnsNames.filter((n) => n !== "sip.fabrikam.com"),
  );
  const run = await runLab(replace(healthy, "tls:index/certRequest:CertRequest", "edge-edge1", csr), spec, plan);
  assert.deepEqual(failures(run.results), ["fabrikam.com desktop fail", "fabrikam.com federation fail"]);
  assert.match(
    reasonOf(run.results, "fabrikam.com", "federation"),
    /TLS sip\.fabrikam\.com:5061: Hostname\/IP does not match certificate's altnames: Host: sip\.fabrikam\.com/,
  );
});

function forwardUcwa(gw: LabResource): LabResource {
  const maps = gw.inputs.urlPathMaps as Array<{ pathRules: Array<Record<string, unknown>> }>;
  const urlPathMaps = maps.map((m) => ({ ...m, pathRules: [...m.pathRules, { ...m.pathRules[0], name: "ucwa", paths: ["/ucwa/*"] }] }));
  return { ...gw, inputs: { ...gw.inputs, urlPathMaps } };
}
const withoutCloudflareCustomRule = (resources: LabResource[]) =>
  resources.filter((r) => !(r.type === "cloudflare:index/ruleset:Ruleset" && r.inputs.phase === "http_request_firewall_custom"));

test("section 3.1: an HTTP listener that forwards /ucwa fails exposure for the domains behind it", async () => {
  const healthy = await healthyResources(spec, plan);
  const run = await runLab(replace(healthy, "azure-native:network:ApplicationGateway", "agw-lync", forwardUcwa), spec, plan);
  // litwareinc.com is proxied by Cloudflare, whose custom rule blocks /ucwa before the gateway sees it.
  assert.deepEqual(failures(run.results), ["contoso.com exposure fail", "fabrikam.com exposure fail"]);
  assert.match(reasonOf(run.results, "contoso.com", "exposure"), /reached a backend over HTTP: http:\/\/lyncdiscover\.contoso\.com\/ucwa\/ -> 401/);
});

/**
 * The former fail-open layout: the path map's default is the 8080 backend (for "/"), and a rule with one lower-case
 * pattern per first character (`/a*`, `/b*`, ...) sends the other paths to the pool without targets.
 */
function failOpen(gw: LabResource): LabResource {
  const maps = gw.inputs.urlPathMaps as Array<Record<string, unknown> & { pathRules: Array<Record<string, unknown>> }>;
  const urlPathMaps = maps.map(({ defaultRewriteRuleSet: _, ...m }) => {
    const allowed = m.pathRules[0];
    const refused = {
      ...allowed,
      name: "refused",
      paths: [..."abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()+,;=:@%/"].map((c) => `/${c}*`),
      backendAddressPool: m.defaultBackendAddressPool,
    };
    return { ...m, defaultBackendAddressPool: allowed.backendAddressPool, pathRules: [allowed, refused] };
  });
  return { ...gw, inputs: { ...gw.inputs, urlPathMaps, rewriteRuleSets: [] } };
}

test("section 3.1: a path map whose default forwards (refusing by lower-case patterns) lets mixed-case /Ucwa/ through", async () => {
  const healthy = await healthyResources(spec, plan);
  const run = await runLab(replace(healthy, "azure-native:network:ApplicationGateway", "agw-lync", failOpen), spec, plan);
  // Discovery still works ("/" and the lower-case root); Cloudflare's custom rule compares lower(path) for litwareinc.com.
  assert.deepEqual(failures(run.results), ["contoso.com exposure fail", "fabrikam.com exposure fail"]);
  const reason = reasonOf(run.results, "contoso.com", "exposure");
  assert.match(reason, /http:\/\/lyncdiscover\.contoso\.com\/Ucwa\/ -> 401/);
  assert.match(reason, /\/WebTicket\/WebTicketService\.svc -> 401/);
  // The lower-case spelling is refused by `/u*`: what gets through is the letter case.
  assert.doesNotMatch(reason, /\/ucwa\/ ->/);
});

test("Cloudflare: the custom rule and the gateway path map each refuse /ucwa; without both it reaches the front end", async () => {
  const healthy = await healthyResources(spec, plan);
  const onlyGateway = await runLab(withoutCloudflareCustomRule(healthy), spec, plan);
  assert.deepEqual(failures(onlyGateway.results), []);
  const neither = withoutCloudflareCustomRule(replace(healthy, "azure-native:network:ApplicationGateway", "agw-lync", forwardUcwa));
  const run = await runLab(neither, spec, plan);
  assert.deepEqual(failures(run.results), ["contoso.com exposure fail", "fabrikam.com exposure fail", "litwareinc.com exposure fail"]);
  assert.match(reasonOf(run.results, "litwareinc.com", "exposure"), /http:\/\/lyncdiscover\.litwareinc\.com\/ucwa\/ -> 401/);
});

test("S5: a lyncdiscover record pointing at an address with no listener fails mobile discovery; desktop falls back to SRV", async () => {
  const healthy = await healthyResources(spec, plan);
  const record = plan.records.filter((r) => r.name === "lyncdiscover.contoso.com" && r.type === "A");
  const moved = azureRecordSet(
    "contoso.com",
    "lyncdiscover.contoso.com",
    "A",
    record.map((r) => ({ ...r, data: "203.0.113.99" })),
  );
  const run = await runLab(replace(healthy, "azure-native:dns:RecordSet", "contoso.com-lyncdiscover-A", moved), spec, plan);
  assert.deepEqual(failures(run.results), ["contoso.com mobile fail"]);
  assert.match(reasonOf(run.results, "contoso.com", "mobile"), /lyncdiscover\.contoso\.com.*ECONNREFUSED/);
  assert.match(
    reasonOf(run.results, "contoso.com", "desktop"),
    /lyncdiscover unusable .*falling back; _sip\._tls\.contoso\.com -> sip\.contoso\.com:443, TLS valid/,
  );
});

test("R-DNS-11: an online domain whose lyncdiscover points at our proxy fails the online check", async () => {
  const healthy = await healthyResources(spec, plan);
  const ours = azureRecordSet("adatum.com", "lyncdiscover.adatum.com", "A", [
    {
      zone: "adatum.com",
      name: "lyncdiscover.adatum.com",
      type: "A",
      ttl: 3600,
      data: "203.0.113.11",
      rule: "test",
      sipDomain: "adatum.com",
      proxied: false,
    },
  ]);
  const broken = [...healthy.filter((r) => r.name !== "adatum.com-lyncdiscover-CNAME"), ours];
  const run = await runLab(broken, spec, plan);
  assert.deepEqual(failures(run.results), ["adatum.com online fail"]);
  assert.match(reasonOf(run.results, "adatum.com", "online"), /lyncdiscover\.adatum\.com CNAME/);
});

test("https mode (S27): lyncdiscover over HTTPS on the reverse proxy; a certificate without lyncdiscover.fabrikam.com fails mobile for fabrikam.com", async () => {
  const input = { ...labSpecInput(), lyncdiscover: "https" };
  delete (input.webServices as { lyncdiscoverHttpIpv4?: string }).lyncdiscoverHttpIpv4;
  const https = labSpec(input);
  const healthy = await healthyResources(https.spec, https.plan);
  const ok = await runLab(healthy, https.spec, https.plan);
  assert.deepEqual(failures(ok.results), [], renderReport(ok.results, ok.notes));
  assert.match(reasonOf(ok.results, "contoso.com", "mobile"), /^https:\/\/lyncdiscover\.contoso\.com 200, certificate valid$/);
  // Cloudflare-proxied: HTTP to the origin's port-80 listener and HTTPS answered by Cloudflare's edge.
  assert.match(
    reasonOf(ok.results, "litwareinc.com", "mobile"),
    /^HTTP root \(XML\) -> webext\.contoso\.com over HTTPS, certificate valid; HTTP root \(JSON\) -> webext\.contoso\.com over HTTPS, certificate valid; https:\/\/lyncdiscover\.litwareinc\.com 200/,
  );

  const rp = https.plan.certificates.find((c) => c.id === "reverse-proxy")!;
  assert.ok(rp.dnsNames.includes("lyncdiscover.fabrikam.com"));
  const csr = await certRequest(
    "reverse-proxy",
    rp.subject.commonName,
    rp.dnsNames.filter((n) => n !== "lyncdiscover.fabrikam.com"),
  );
  const run = await runLab(replace(healthy, "tls:index/certRequest:CertRequest", "reverse-proxy", csr), https.spec, https.plan);
  assert.deepEqual(failures(run.results), ["fabrikam.com mobile fail"]);
  assert.match(reasonOf(run.results, "fabrikam.com", "mobile"), /https:\/\/lyncdiscover\.fabrikam\.com.*ERR_TLS_CERT_ALTNAME_INVALID/);
});
