/**
 * Keys and CSRs per plan certificate (issue 5), checked on what the provider would produce: the CSR PEMs are parsed
 * with @peculiar/x509, their signatures verified, subject and SANs read from the request itself.
 */
import "reflect-metadata"; // before @peculiar/x509
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { LyncDeployment } from "../../components/deployment/lyncDeployment";
import { keyVersion } from "../../components/tls/keys";
import { capture } from "../harness/capture";
import { tlsMocks } from "../harness/tlsMocks";
import { T, captureCertificates, exampleSpec, find, microsoftInput, ofType, sanNames, validated, type RequestOutputs } from "./fixtures";

function requests(outputs: Record<string, unknown>): RequestOutputs {
  return outputs.certificates as RequestOutputs;
}

async function parsedCsr(outputs: Record<string, unknown>, id: string): Promise<x509.Pkcs10CertificateRequest> {
  const csr = new x509.Pkcs10CertificateRequest(requests(outputs)[id].csrPem);
  assert.equal(await csr.verify(), true, `${id}: the CSR's signature must verify with its own public key`);
  return csr;
}

test("S1/S22 (docs/rules.md 2.1): Microsoft's edge example gives CN sip.contoso.com and SANs sip.contoso.com, sip.fabrikam.com, webcon.contoso.com", async () => {
  const { outputs } = await captureCertificates(validated(microsoftInput()));
  const csr = await parsedCsr(outputs, "edge-edge1");
  assert.deepEqual(sanNames(csr), ["sip.contoso.com", "sip.fabrikam.com", "webcon.contoso.com"]);
  assert.deepEqual(csr.subjectName.getField("CN"), ["sip.contoso.com"]);
  assert.deepEqual(csr.subjectName.getField("O"), ["Contoso Ltd"]);
  assert.deepEqual(csr.subjectName.getField("C"), ["US"]);
  // No A/V edge name by default: S1 (SfB 2015) does not list it.
  assert.ok(!sanNames(csr).includes("av.contoso.com"));
});

test("S28 (docs/rules.md 2.4): Microsoft's reverse-proxy example (option-1 meet, HTTPS lyncdiscover, Office Online) golden SAN list", async () => {
  const { outputs } = await captureCertificates(validated(microsoftInput({ officeOnline: true, lyncdiscover: "https", meet: "perDomain" })));
  const csr = await parsedCsr(outputs, "reverse-proxy");
  // S28 also lists the Director's external web FQDN; the model has no Director pool.
  assert.deepEqual(sanNames(csr), [
    "dialin.contoso.com",
    "lyncdiscover.contoso.com",
    "lyncdiscover.fabrikam.com",
    "meet.contoso.com",
    "meet.fabrikam.com",
    "officewebapps01.contoso.com",
    "webext.contoso.com",
  ]);
  assert.deepEqual(csr.subjectName.getField("CN"), ["webext.contoso.com"]);
});

test("S5/S27: in http mode no CSR carries a lyncdiscover name; in https mode every on-premises tenant's does", async () => {
  const http = await captureCertificates(validated(microsoftInput({ lyncdiscover: "http" })));
  for (const id of ["edge-edge1", "reverse-proxy"]) {
    const names = sanNames(await parsedCsr(http.outputs, id));
    assert.deepEqual(
      names.filter((n) => n.startsWith("lyncdiscover.")),
      [],
      id,
    );
  }
  const https = await captureCertificates(validated(microsoftInput({ lyncdiscover: "https", online: ["adatum.com"] })));
  const names = sanNames(await parsedCsr(https.outputs, "reverse-proxy"));
  assert.deepEqual(
    names.filter((n) => n.startsWith("lyncdiscover.")),
    ["lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"],
  );
});

test("the shipped example: golden SAN lists (shared meet host, HTTP lyncdiscover, online adatum.com carries no name)", async () => {
  const { outputs } = await captureCertificates(exampleSpec());
  assert.deepEqual(sanNames(await parsedCsr(outputs, "edge-edge1")), [
    "access.contoso.com",
    "sip.contoso.com",
    "sip.fabrikam.com",
    "sip.litwareinc.com",
    "webcon.contoso.com",
  ]);
  assert.deepEqual(sanNames(await parsedCsr(outputs, "reverse-proxy")), ["dialin.contoso.com", "lync.contoso.com", "webext.contoso.com"]);
  const edge = requests(outputs)["edge-edge1"];
  assert.equal(edge.subject, "CN=access.contoso.com, O=Contoso Ltd, C=DE");
  assert.equal(edge.used, "5/250");
  assert.deepEqual(edge.dnsNames, ["access.contoso.com", "sip.contoso.com", "sip.fabrikam.com", "sip.litwareinc.com", "webcon.contoso.com"]);
  assert.deepEqual(edge.tenants, ["contoso.com", "fabrikam.com", "litwareinc.com"]);
  assert.equal(requests(outputs)["reverse-proxy"].used, "3/250");
});

test("one PrivateKey and one CertRequest per plan certificate, named by certificate id, children of the deployment", async () => {
  // Every child is named `<deployment>-<local name>` (childNames.ts): here the deployment is "lync".
  const { resources } = await captureCertificates(validated(microsoftInput()));
  const deployment = find(resources, "lync:index:Deployment", "lync");
  const tlsResources = resources.filter((r) => r.type.startsWith("tls:"));
  assert.deepEqual(
    tlsResources.map((r) => `${r.type} ${r.name}`).sort(),
    [
      `${T.csr} lync-edge-edge1-csr`,
      `${T.csr} lync-reverse-proxy-csr`,
      `${T.key} lync-edge-edge1-key-r1`,
      `${T.key} lync-reverse-proxy-key-r1`,
    ].sort(),
  );
  for (const r of tlsResources) assert.equal(r.parent, deployment.urn, `${r.name} must be a child of the deployment`);
  // RSA 2048 by default (S8: 2048 or more recommended).
  assert.deepEqual(find(resources, T.key, "lync-edge-edge1-key-r1").inputs, { algorithm: "RSA", rsaBits: 2048 });
  const csr = find(resources, T.csr, "lync-edge-edge1-csr");
  assert.deepEqual(csr.inputs.subject, { commonName: "sip.contoso.com", organization: "Contoso Ltd", country: "US" });
  assert.deepEqual(csr.inputs.dnsNames, ["sip.contoso.com", "sip.fabrikam.com", "webcon.contoso.com"]);
});

test("key material only as secrets: write-only key input, nothing private in the stack outputs", async () => {
  const { resources, outputs } = await captureCertificates(validated(microsoftInput()));
  for (const id of ["edge-edge1", "reverse-proxy"]) {
    const csr = find(resources, T.csr, `lync-${id}-csr`);
    assert.equal("privateKeyPem" in csr.inputs, false, "the key must not go to the stored privateKeyPem input");
    const wo = csr.inputs.privateKeyPemWo as { secret: string };
    assert.equal(typeof wo, "object");
    assert.match(wo.secret, /^-----BEGIN RSA PRIVATE KEY-----/);
    assert.ok(csr.options.additionalSecretOutputs.includes("privateKeyPemWo"));
    // The version is the public key's fingerprint: it follows the key that signed the CSR.
    const publicPem = createPublicKey(wo.secret).export({ type: "spki", format: "pem" }) as string;
    assert.equal(csr.inputs.privateKeyPemWoVersion, keyVersion(publicPem));
    // The CSR was signed by exactly that key.
    const parsed = await parsedCsr(outputs, id);
    assert.equal(
      Buffer.from(parsed.publicKey.rawData).toString("base64"),
      createPublicKey(wo.secret).export({ type: "spki", format: "der" }).toString("base64"),
    );
  }
  const text = JSON.stringify(outputs);
  assert.doesNotMatch(text, /PRIVATE KEY/);
  assert.doesNotMatch(text, /"secret"/, "no stack output is (or contains) a secret");
});

test("ECDSA keys by config: P-384 key, CSR signed with it", async () => {
  const { resources, outputs } = await captureCertificates(validated(microsoftInput({ key: { algorithm: "ECDSA", ecdsaCurve: "P384" } })));
  assert.deepEqual(find(resources, T.key, "lync-edge-edge1-key-r1").inputs, { algorithm: "ECDSA", ecdsaCurve: "P384" });
  const csr = await parsedCsr(outputs, "edge-edge1");
  const alg = csr.publicKey.algorithm as { name: string; namedCurve?: string };
  assert.equal(alg.name, "ECDSA");
  assert.equal(alg.namedCurve, "P-384");
});

test("LyncDeployment registers the certificates through createCertificates (external zones and proxy: tls resources only)", async () => {
  const spec = validated(microsoftInput());
  const { resources } = await capture(
    () => {
      const d = new LyncDeployment("lync", { deployment: spec });
      return { certificates: d.certificateRequests };
    },
    { providers: [tlsMocks()] },
  );
  assert.deepEqual(
    ofType(resources, T.csr).map((r) => r.name),
    ["lync-edge-edge1-csr", "lync-reverse-proxy-csr"],
  );
  const deployment = find(resources, "lync:index:Deployment", "lync");
  for (const r of ofType(resources, T.key)) assert.equal(r.parent, deployment.urn);
});
