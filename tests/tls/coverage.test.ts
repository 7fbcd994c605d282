/**
 * Every name a client reaches over TLS is on the certificate served there, read from the parsed CSRs:
 * - the HTTPS reverse-proxy listeners (plan.routes, S28/S31) on the certificate their listener names;
 * - the SRV targets of on-premises tenants (R-DNS-01/02/03/04, R-DNS-09) and the edge pool's own FQDNs on the
 *   edge certificate of the tenant's pool (S1/S22).
 * Plus the edge SAN budget: one name per on-premises tenant (S1), none for online tenants (R-DNS-11), and the
 * over-limit validation error (docs/rules.md 5a).
 */
import "reflect-metadata"; // before @peculiar/x509
import { test } from "node:test";
import assert from "node:assert/strict";
import * as x509 from "@peculiar/x509";
import { validateDeployment, type DeploymentSpec } from "../../components/model";
import { captureCertificates, exampleSpec, microsoftInput, sanNames, validated, type RequestOutputs } from "./fixtures";

const SPECS: Array<[string, () => DeploymentSpec]> = [
  ["shipped example (http lyncdiscover, shared meet host)", exampleSpec],
  ["option-1 meet, https lyncdiscover, Office Online", () => validated(microsoftInput({ officeOnline: true, online: ["adatum.com"] }))],
  [
    "XMPP tenant, http lyncdiscover",
    () => validated(microsoftInput({ lyncdiscover: "http", xmpp: ["fabrikam.com"], domains: ["contoso.com", "fabrikam.com", "litwareinc.com"] })),
  ],
];

for (const [label, specOf] of SPECS) {
  test(`every TLS name a client reaches is on the certificate served there: ${label}`, async () => {
    const spec = specOf();
    const { outputs, plan } = await captureCertificates(spec);
    const requests = outputs.certificates as RequestOutputs;
    const sans = (id: string) => sanNames(new x509.Pkcs10CertificateRequest(requests[id].csrPem));
    let checked = 0;
    for (const route of plan.routes.filter((r) => r.listener.protocol === "https")) {
      assert.ok(route.listener.certificate, `${route.id}: an https listener names its certificate`);
      const names = sans(route.listener.certificate);
      for (const host of route.listener.hostNames) {
        assert.ok(names.includes(host), `${route.id}: ${host} missing on ${route.listener.certificate}`);
        checked++;
      }
    }
    const poolOf = new Map(plan.tenants.map((t) => [t.name, t.edgePool]));
    for (const r of plan.records.filter((x) => x.type === "SRV")) {
      const target = r.data.split(" ")[3].replace(/\.$/, "");
      const pool = r.sipDomain === null ? null : poolOf.get(r.sipDomain);
      if (!pool) {
        // Online tenants: Microsoft's names, Microsoft's certificate (R-DNS-11).
        assert.match(target, /\.online\.lync\.com$/, `${r.name}: only online tenants have no edge pool`);
        continue;
      }
      assert.ok(sans(`edge-${pool}`).includes(target), `${r.name} -> ${target} missing on edge-${pool}`);
      checked++;
    }
    for (const p of spec.edgePools) {
      for (const fqdn of [p.accessEdge.fqdn, p.webConferencing.fqdn]) assert.ok(sans(`edge-${p.name}`).includes(fqdn), fqdn);
    }
    assert.ok(checked >= 4, "the test looked at names");
  });
}

test("S1: exactly one edge-certificate name per on-premises tenant, none for online tenants", async () => {
  const domains = ["contoso.com", "fabrikam.com", "litwareinc.com", "northwindtraders.com"];
  const { outputs } = await captureCertificates(validated(microsoftInput({ domains, online: ["adatum.com", "wingtiptoys.com"] })));
  const names = sanNames(new x509.Pkcs10CertificateRequest((outputs.certificates as RequestOutputs)["edge-edge1"].csrPem));
  for (const d of domains.filter((x) => x !== "contoso.com")) {
    assert.deepEqual(
      names.filter((n) => n.endsWith(`.${d}`)),
      [`sip.${d}`],
      d,
    );
  }
  for (const d of ["adatum.com", "wingtiptoys.com"])
    assert.deepEqual(
      names.filter((n) => n.endsWith(`.${d}`)),
      [],
      d,
    );
  // contoso.com's sip.contoso.com is also the access edge FQDN: counted once.
  assert.equal(names.length, 2 + domains.length - 1);
  assert.equal((outputs.certificates as RequestOutputs)["edge-edge1"].used, `${names.length}/250`);
});

test("docs/rules.md 5a: an edge certificate over its CA limit is a validation error naming the certificate, the count and the fix", () => {
  const input = microsoftInput({ domains: ["contoso.com", "fabrikam.com", "litwareinc.com"], edgeCa: { profile: "custom", limit: 3 } });
  const result = validateDeployment(input);
  assert.equal(result.ok, false);
  const problem = result.problems.find((p) => p.rule === "CERT-LIMIT");
  assert.ok(problem, "a CERT-LIMIT problem");
  assert.equal(problem.path, "edgePools[0].certificate.ca");
  assert.equal(problem.subject, "edge-edge1");
  assert.match(problem.message, /edge-edge1 needs 4 names .* allows 3/);
  assert.match(problem.message, /add another edge pool/);
  // At the limit it is fine.
  assert.equal(validateDeployment(microsoftInput({ domains: ["contoso.com", "fabrikam.com"], edgeCa: { profile: "custom", limit: 3 } })).ok, true);
});

test("docs/rules.md 5a: a reverse-proxy certificate over its limit proposes option-3 meet URLs and HTTP lyncdiscover", () => {
  const result = validateDeployment(microsoftInput({ reverseProxyCa: { profile: "custom", limit: 5 } }));
  assert.equal(result.ok, false);
  const problem = result.problems.find((p) => p.rule === "CERT-LIMIT");
  assert.ok(problem);
  assert.equal(problem.path, "certificates.reverseProxy.ca");
  assert.match(problem.message, /reverse-proxy needs 6 names/);
  assert.match(problem.message, /simpleUrls\.meet: sharedHost/);
  assert.match(problem.message, /lyncdiscover: http/);
});
