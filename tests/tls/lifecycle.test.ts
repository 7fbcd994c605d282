/**
 * The key survives SAN changes (issue 5). Two captures share engine-like state (statefulProviders: unchanged inputs
 * keep their outputs) and classifyChanges says what `pulumi up` would do, from lab/replaceSemantics.ts (the tls
 * provider's RequiresReplace attributes; write-only inputs are not diffed). On top of that, the parsed CSRs show
 * which key really signed them.
 */
import "reflect-metadata"; // before @peculiar/x509
import { test } from "node:test";
import assert from "node:assert/strict";
import * as x509 from "@peculiar/x509";
import { classifyChanges, describeChanges, statefulProviders } from "../harness/changeSimulation";
import { tlsMocks } from "../harness/tlsMocks";
import type { MockProvider } from "../harness/capture";
import { T, captureCertificates, find, microsoftInput, sanNames, validated, type MicrosoftOptions, type RequestOutputs } from "./fixtures";

async function run(providers: readonly MockProvider[], options: MicrosoftOptions) {
  const result = await captureCertificates(validated(microsoftInput(options)), providers);
  const requests = result.outputs.certificates as RequestOutputs;
  const csr = (id: string) => new x509.Pkcs10CertificateRequest(requests[id].csrPem);
  const keyOf = (id: string) => Buffer.from(csr(id).publicKey.rawData).toString("hex");
  return { ...result, requests, csr, keyOf };
}

async function change(a: MicrosoftOptions, b: MicrosoftOptions) {
  const providers = statefulProviders([tlsMocks()]);
  const before = await run(providers, a);
  const after = await run(providers, b);
  return { before, after, changes: describeChanges(classifyChanges(before.resources, after.resources)).sort() };
}

test("adding a tenant replaces only the CSRs (dnsNames); the keys stay, and the new CSRs are signed by them", async () => {
  const { before, after, changes } = await change(
    { domains: ["contoso.com", "fabrikam.com"] },
    { domains: ["contoso.com", "fabrikam.com", "litwareinc.com"] },
  );
  assert.deepEqual(changes, [`replace ${T.csr} lync-edge-edge1-csr [dnsNames]`, `replace ${T.csr} lync-reverse-proxy-csr [dnsNames]`]);
  for (const id of ["edge-edge1", "reverse-proxy"]) {
    assert.deepEqual(find(after.resources, T.key, `lync-${id}-key-r1`).inputs, find(before.resources, T.key, `lync-${id}-key-r1`).inputs);
    assert.equal(await after.csr(id).verify(), true);
    assert.equal(after.keyOf(id), before.keyOf(id), `${id}: the re-issued CSR carries the old key`);
  }
  assert.deepEqual(sanNames(after.csr("edge-edge1")), ["sip.contoso.com", "sip.fabrikam.com", "sip.litwareinc.com", "webcon.contoso.com"]);
});

test("removing a tenant replaces only the CSRs and keeps the keys", async () => {
  const { before, after, changes } = await change(
    { domains: ["contoso.com", "fabrikam.com", "litwareinc.com"] },
    { domains: ["contoso.com", "litwareinc.com"] },
  );
  assert.deepEqual(changes, [`replace ${T.csr} lync-edge-edge1-csr [dnsNames]`, `replace ${T.csr} lync-reverse-proxy-csr [dnsNames]`]);
  assert.equal(after.keyOf("edge-edge1"), before.keyOf("edge-edge1"));
  assert.deepEqual(sanNames(after.csr("edge-edge1")), ["sip.contoso.com", "sip.litwareinc.com", "webcon.contoso.com"]);
});

test("reordering the SIP domains changes nothing (sorted SAN lists)", async () => {
  const { before, after, changes } = await change(
    { domains: ["contoso.com", "fabrikam.com", "litwareinc.com"] },
    { domains: ["litwareinc.com", "contoso.com", "fabrikam.com"] },
  );
  assert.deepEqual(changes, []);
  assert.deepEqual(after.requests, before.requests);
});

test("a test stack's certificates follow the CSR: a SAN change re-issues CSR and certificate, never a key or the CA", async () => {
  const { changes } = await change({ testCa: true }, { testCa: true, domains: ["contoso.com", "fabrikam.com", "litwareinc.com"] });
  assert.deepEqual(
    changes,
    [
      `replace ${T.csr} lync-edge-edge1-csr [dnsNames]`,
      `replace ${T.locallySigned} lync-edge-edge1-test-cert [certRequestPem]`,
      `replace ${T.csr} lync-reverse-proxy-csr [dnsNames]`,
      `replace ${T.locallySigned} lync-reverse-proxy-test-cert [certRequestPem]`,
    ].sort(),
  );
});

test("certificates.key.rotation replaces every key (new logical name, no alias) and re-issues every CSR with the new key", async () => {
  const { before, after, changes } = await change({}, { key: { rotation: "2" } });
  assert.deepEqual(
    changes,
    [
      `replace ${T.csr} lync-edge-edge1-csr [privateKeyPemWoVersion]`,
      `create ${T.key} lync-edge-edge1-key-r2`,
      `replace ${T.csr} lync-reverse-proxy-csr [privateKeyPemWoVersion]`,
      `create ${T.key} lync-reverse-proxy-key-r2`,
      `delete ${T.key} lync-edge-edge1-key-r1`,
      `delete ${T.key} lync-reverse-proxy-key-r1`,
    ].sort(),
  );
  for (const id of ["edge-edge1", "reverse-proxy"]) {
    // Its only alias is its own 0.1 name (childNames.ts, no deployment prefix, same rotation r2); an alias to an r1
    // name would make the new key the old one.
    const key = find(after.resources, T.key, `lync-${id}-key-r2`);
    assert.deepEqual(
      key.options.aliases,
      [{ spec: { name: `${id}-key-r2`, type: "", stack: "", project: "", parenturn: key.parent, noparent: undefined }, urn: undefined }],
      "an alias to an r1 name would make the new key the old one",
    );
    assert.equal(await after.csr(id).verify(), true);
    assert.notEqual(after.keyOf(id), before.keyOf(id), `${id}: the CSR must carry the new key`);
  }
});

test("a key replaced by an algorithm change (same rotation) also re-issues the CSR: the write-only version follows the public key", async () => {
  const { after, changes } = await change({}, { key: { algorithm: "ECDSA", ecdsaCurve: "P256" } });
  assert.deepEqual(
    changes,
    [
      `replace ${T.csr} lync-edge-edge1-csr [privateKeyPemWoVersion]`,
      `replace ${T.key} lync-edge-edge1-key-r1 [algorithm,ecdsaCurve,rsaBits]`,
      `replace ${T.csr} lync-reverse-proxy-csr [privateKeyPemWoVersion]`,
      `replace ${T.key} lync-reverse-proxy-key-r1 [algorithm,ecdsaCurve,rsaBits]`,
    ].sort(),
  );
  assert.equal((after.csr("edge-edge1").publicKey.algorithm as { name: string }).name, "ECDSA");
});
