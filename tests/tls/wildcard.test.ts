/**
 * The reverse-proxy wildcard option (certificates.reverseProxy.wildcard, docs/rules.md 2.4) checked by independent
 * implementations: a CA issues the plan's names, and OpenSSL (`verify -verify_hostname`) and Node's
 * tls.checkServerIdentity must accept the certificate for every host name the HTTPS listeners serve, and refuse a name
 * the wildcard does not cover. The plan's own property test (tests/model/properties.test.ts) uses a matcher of its own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { fixture, planOf } from "../model/support";
import { requestFor, testPublicCa } from "./issuer";
import { opensslPresent, verifyHost } from "./openssl";

test("wildcard reverse-proxy certificate: OpenSSL and Node accept it for every HTTPS host of the plan, and only for those", async (t) => {
  const input = fixture("contoso-fabrikam-default.yaml");
  input.lyncdiscover = "https";
  input.certificates = { reverseProxy: { wildcard: true } };
  input.webServices.additionalPools = [{ name: "pool-b", externalFqdn: "webext-b.contoso.com", backend: { address: "192.168.22.120" } }];
  input.sipDomains = [{ name: "contoso.com" }, { name: "fabrikam.com", meet: "perDomain" }];
  const plan = planOf(input);
  const rp = plan.certificates.find((c) => c.id === "reverse-proxy")!;
  assert.deepEqual(rp.dnsNames, ["*.contoso.com", "*.fabrikam.com", "officewebapps01.contoso.com", "webext-b.contoso.com", "webext.contoso.com"]);
  const hosts = [...new Set(plan.routes.filter((r) => r.listener.certificate === rp.id).flatMap((r) => r.listener.hostNames))].sort();
  assert.ok(hosts.includes("meet.fabrikam.com") && hosts.includes("lyncdiscover.contoso.com") && hosts.includes("dialin.contoso.com"));

  const ca = await testPublicCa();
  const bundle = (await ca.issue(await requestFor(rp.dnsNames))).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)!;
  const [leaf, ...chain] = bundle;
  const chainWithoutRoot = chain.slice(0, -1);
  const peer = () => {
    const c = new X509Certificate(leaf);
    return { subject: { CN: rp.subject.commonName }, subjectaltname: c.subjectAltName } as PeerCertificate;
  };
  const outside = ["a.meet.fabrikam.com", "fabrikam.com", "meet.litwareinc.com"];
  for (const host of hosts) assert.equal(checkServerIdentity(host, peer()), undefined, `Node accepts ${host}`);
  for (const host of outside) assert.ok(checkServerIdentity(host, peer()) instanceof Error, `Node refuses ${host}`);
  if (!opensslPresent(t)) return;
  for (const host of hosts) {
    const r = verifyHost(leaf, chainWithoutRoot, ca.rootPem, host);
    assert.ok(r.ok, `OpenSSL accepts ${host}: ${r.output}`);
  }
  for (const host of outside) assert.ok(!verifyHost(leaf, chainWithoutRoot, ca.rootPem, host).ok, `OpenSSL refuses ${host}`);
});
