/**
 * The Front End pool's certificate request (docs/rules.md 2.3, issue 21 item 2): with certificates.frontEnd the
 * deployment registers a PrivateKey and a CertRequest keyed by the pool, like the edge's, the key only as a secret.
 */
import "reflect-metadata"; // before @peculiar/x509
import { test } from "node:test";
import assert from "node:assert/strict";
import * as x509 from "@peculiar/x509";
import { T, captureCertificates, find, microsoftInput, sanNames, validated, type RequestOutputs } from "./fixtures";

function withFrontEnd(): Record<string, unknown> {
  const input = microsoftInput({ lyncdiscover: "http" });
  const certificates = input.certificates as Record<string, unknown>;
  certificates.frontEnd = { pool: "pool01", poolFqdn: "pool01.contoso.com", servers: ["fe01.contoso.com"] };
  return input;
}

test("front end: one key and one CSR named by the pool, subject the pool FQDN, the plan's names, the key write-only", async () => {
  const { resources, outputs } = await captureCertificates(validated(withFrontEnd()));
  const csr = find(resources, T.csr, "lync-front-end-pool01-csr");
  find(resources, T.key, "lync-front-end-pool01-key-r1");
  assert.equal(resources.filter((r) => r.type === T.csr).length, 3, "edge, reverse proxy and front end");
  assert.deepEqual(csr.inputs.subject, { commonName: "pool01.contoso.com", organization: "Contoso Ltd", country: "US" });
  assert.ok(csr.options.additionalSecretOutputs.includes("privateKeyPemWo"));
  assert.equal("privateKeyPem" in csr.inputs, false);
  const request = (outputs.certificates as RequestOutputs)["front-end-pool01"];
  const parsed = new x509.Pkcs10CertificateRequest(request.csrPem);
  assert.equal(await parsed.verify(), true);
  // lyncdiscover over HTTP leaves lyncdiscover.<d> off the public certificate, never off the pool's (mobility, S8, S27).
  assert.deepEqual(sanNames(parsed), [
    "dialin.contoso.com",
    "fe01.contoso.com",
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
  assert.deepEqual(request.tenants, ["contoso.com", "fabrikam.com"]);
});
