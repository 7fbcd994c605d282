/**
 * certificates.testCa (issue 5, test stacks only): a stack-owned CA (tls.PrivateKey + tls.SelfSignedCert with
 * isCaCertificate) and a tls.LocallySignedCert per CSR. Checked on the parsed certificates: CA constraints, issuer,
 * signature by the CA key, subject / SANs / public key taken from the CSR.
 */
import "reflect-metadata"; // before @peculiar/x509
import { test } from "node:test";
import assert from "node:assert/strict";
import * as x509 from "@peculiar/x509";
import { T, captureCertificates, find, microsoftInput, ofType, sanNames, validated, type RequestOutputs } from "./fixtures";

test("off by default: no CA, no signed certificates, no testCertPem output", async () => {
  const { resources, outputs } = await captureCertificates(validated(microsoftInput()));
  assert.deepEqual(ofType(resources, T.selfSigned), []);
  assert.deepEqual(ofType(resources, T.locallySigned), []);
  assert.throws(() => find(resources, T.key, "lync-test-ca-key-r1"));
  assert.equal(outputs.testCaCertPem, undefined);
  for (const r of Object.values(outputs.certificates as RequestOutputs)) assert.equal("testCertPem" in r, false);
});

test("testCa: true registers the CA and one LocallySignedCert per CSR, keys as write-only secrets, all children of the deployment", async () => {
  const { resources } = await captureCertificates(validated(microsoftInput({ testCa: true })));
  const deployment = find(resources, "lync:index:Deployment", "lync");
  const ca = find(resources, T.selfSigned, "lync-test-ca");
  assert.equal(ca.inputs.isCaCertificate, true);
  assert.deepEqual(ca.inputs.allowedUses, ["cert_signing", "crl_signing", "digital_signature"]);
  assert.equal(typeof (ca.inputs.privateKeyPemWo as { secret: string }).secret, "string");
  assert.equal("privateKeyPem" in ca.inputs, false);
  assert.deepEqual(find(resources, T.key, "lync-test-ca-key-r1").inputs, { algorithm: "RSA", rsaBits: 2048 });
  assert.deepEqual(
    ofType(resources, T.locallySigned).map((r) => r.name),
    ["lync-edge-edge1-test-cert", "lync-reverse-proxy-test-cert"],
  );
  for (const cert of ofType(resources, T.locallySigned)) {
    assert.equal(typeof (cert.inputs.caPrivateKeyPemWo as { secret: string }).secret, "string");
    assert.equal("caPrivateKeyPem" in cert.inputs, false);
    assert.equal(typeof cert.inputs.caPrivateKeyPemWoVersion, "number");
  }
  assert.deepEqual(find(resources, T.locallySigned, "lync-edge-edge1-test-cert").inputs.allowedUses, [
    "digital_signature",
    "key_encipherment",
    "server_auth",
    "client_auth",
  ]);
  assert.deepEqual(find(resources, T.locallySigned, "lync-reverse-proxy-test-cert").inputs.allowedUses, [
    "digital_signature",
    "key_encipherment",
    "server_auth",
  ]);
  for (const r of [ca, ...ofType(resources, T.locallySigned), find(resources, T.key, "lync-test-ca-key-r1")]) assert.equal(r.parent, deployment.urn);
  // Nothing may keep `pulumi destroy` from removing the test CA.
  for (const r of resources.filter((x) => x.type.startsWith("tls:")))
    assert.deepEqual([r.options.protect, r.options.retainOnDelete], [false, false], r.name);
});

test("each test certificate is signed by the test CA and carries the CSR's subject, SANs and key", async () => {
  const { outputs, plan } = await captureCertificates(validated(microsoftInput({ testCa: true, officeOnline: true })));
  const caPem = outputs.testCaCertPem as string;
  const caCert = new x509.X509Certificate(caPem);
  assert.equal(await caCert.isSelfSigned(), true);
  assert.equal(caCert.getExtension(x509.BasicConstraintsExtension)?.ca, true);
  const requests = outputs.certificates as RequestOutputs;
  for (const planned of plan.certificates) {
    const csr = new x509.Pkcs10CertificateRequest(requests[planned.id].csrPem);
    const cert = new x509.X509Certificate(requests[planned.id].testCertPem!);
    assert.equal(await cert.verify({ publicKey: caCert.publicKey, signatureOnly: true }), true, `${planned.id}: signed by the test CA`);
    assert.equal(cert.issuer, caCert.subject);
    assert.equal(cert.subject, csr.subject);
    assert.deepEqual(cert.subjectName.getField("CN"), [planned.subject.commonName]);
    assert.deepEqual(sanNames(cert), [...planned.dnsNames]);
    assert.equal(Buffer.from(cert.publicKey.rawData).toString("hex"), Buffer.from(csr.publicKey.rawData).toString("hex"));
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
    assert.ok(eku.includes(x509.ExtendedKeyUsage.serverAuth), `${planned.id}: server EKU (S8)`);
    assert.equal(cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false, false);
  }
  // A certificate from another CA does not pass: the check above can fail.
  const foreign = await x509.X509CertificateGenerator.createSelfSigned({
    name: "CN=other",
    keys: await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]),
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
  });
  const edge = new x509.X509Certificate(requests["edge-edge1"].testCertPem!);
  assert.equal(await edge.verify({ publicKey: foreign.publicKey, signatureOnly: true }), false);
});
