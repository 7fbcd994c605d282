/**
 * The PFX per certificate (issue 13) of the shipped test stack (its test CA answers every CSR), under mocks with real
 * keys: read back by parsers that are not ours (OpenSSL, Node's TLS), holding the stack's key and the plan's names,
 * encrypted as Windows Server 2012 R2 and Application Gateway take it, secret, and the same bytes on every run.
 */
import "reflect-metadata"; // before @peculiar/x509
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { createSecureContext } from "node:tls";
import * as x509 from "@peculiar/x509";
import { capture, type Capture } from "../harness/capture";
import { describeChanges, simulateChange } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { buildPlan, validateDeployment } from "../../components/model";
import { LyncDeployment, type DeploymentConfig } from "../../components";
import { dnsNames } from "../../components/tls/issued";
import { opensslPresent, pkcs12 } from "./openssl";
import { runProgram, type PfxOutput, type RequestsOutput } from "./issuer";

const deployment = loadDeployment("Pulumi.test.example.yaml");
let run: Capture;
let pfx: PfxOutput;
let requests: RequestsOutput;
before(async () => {
  run = await runProgram(deployment, [tlsMocks()]);
  pfx = run.outputs.certificatePfx as PfxOutput;
  requests = run.outputs.certificates as RequestsOutput;
});

const plan = () => {
  const r = validateDeployment(deployment);
  assert.ok(r.ok);
  return buildPlan(r.spec);
};
/** The public key (SPKI DER, hex) of a CSR: the stack's key for that certificate. */
const csrKey = (pem: string) => Buffer.from(new x509.Pkcs10CertificateRequest(pem).publicKey.rawData).toString("hex");
const spkiHex = (key: Parameters<typeof createPublicKey>[0]) => createPublicKey(key).export({ type: "spki", format: "der" }).toString("hex");
const certificatesIn = (text: string) =>
  (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));

test("one PFX per certificate of the plan, with a 12-character alphanumeric password (Application Gateway's limit)", () => {
  assert.deepEqual(
    Object.keys(pfx).sort(),
    plan()
      .certificates.map((c) => c.id)
      .sort(),
  );
  for (const { password } of Object.values(pfx)) assert.match(password, /^[A-Za-z0-9]{12}$/);
  assert.notEqual(pfx["edge-edge1"].password, pfx["reverse-proxy"].password, "each key its own password");
});

test("OpenSSL reads every PFX without -legacy: TripleDES-SHA1 bags, an HMAC-SHA1 MAC, the stack's key and the plan's names", (t) => {
  if (!opensslPresent(t)) return;
  for (const cert of plan().certificates) {
    const { pfx: data, password } = pfx[cert.id];
    const info = pkcs12(data, password, ["-info", "-nokeys", "-nocerts"]);
    assert.match(info, /MAC: sha1, Iteration 2048/);
    assert.match(info, /PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    assert.match(info, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    const [leaf, ca, ...rest] = certificatesIn(pkcs12(data, password, ["-nokeys"]));
    assert.deepEqual(rest, []);
    assert.deepEqual(dnsNames(leaf).sort(), [...cert.dnsNames].sort(), `${cert.id}: the SANs are the plan's`);
    assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey), `${cert.id}: the leaf is signed by the test CA`);
    assert.equal(ca.toString(), new X509Certificate(run.outputs.testCaCertPem as string).toString());
    const keyPem = pkcs12(data, password, ["-nocerts", "-nodes"]);
    assert.equal(spkiHex(keyPem), csrKey(requests[cert.id].csrPem), `${cert.id}: the key is the one that signed the CSR`);
    assert.equal(spkiHex(keyPem), spkiHex(leaf.publicKey.export({ type: "spki", format: "pem" })));
    assert.throws(() => pkcs12(data, "wrong", ["-nokeys"]), /mac verify failure|invalid password/i);
  }
});

test("Node's TLS takes every PFX with its password (and refuses a wrong one)", () => {
  for (const { pfx: data, password } of Object.values(pfx)) {
    assert.ok(createSecureContext({ pfx: Buffer.from(data, "base64"), passphrase: password }));
    assert.throws(() => createSecureContext({ pfx: Buffer.from(data, "base64"), passphrase: `${password}x` }), /mac verify failure/i);
  }
});

test("the gateway's listener certificate is the reverse-proxy PFX, data and password as secrets: nothing set by hand", () => {
  const gateways = run.resources.filter((r) => r.type === "azure-native:network:ApplicationGateway");
  const main = gateways.find((g) => !g.name.endsWith("-http"))!;
  const certs = main.inputs.sslCertificates as { secret: Array<{ name: string; data: string; password: string }> };
  assert.deepEqual(certs.secret, [{ name: "reverse-proxy", data: pfx["reverse-proxy"].pfx, password: pfx["reverse-proxy"].password }]);
  assert.doesNotMatch(JSON.stringify(main.inputs), /PRIVATE KEY/, "the key reaches the gateway only inside the encrypted PFX");
});

test("certificatePfx is a secret output of the component", async () => {
  let secret: Promise<boolean> | undefined;
  await capture(
    () => {
      const d = new LyncDeployment("lync", { deployment: deployment as DeploymentConfig });
      secret = (d.certificatePfx as unknown as { isSecret: Promise<boolean> }).isSecret;
      return { pfx: d.certificatePfx };
    },
    { providers: [tlsMocks()] },
  );
  assert.equal(await secret, true);
});

test("stable: a second run with the same key and certificates gives the same PFX bytes, so `pulumi up` changes nothing", async () => {
  const sim = await simulateChange(deployment, deployment, { providers: [tlsMocks()] });
  assert.deepEqual(describeChanges(sim.changes), []);
  assert.deepEqual(sim.after.outputs.certificatePfx, sim.before.outputs.certificatePfx);
});

test("an ECDSA stack gets PFX files too (the key bag holds any PKCS#8 key)", async (t) => {
  const ecdsa = structuredClone(deployment);
  ecdsa.certificates = { ...ecdsa.certificates, key: { algorithm: "ECDSA", ecdsaCurve: "P256" } };
  const out = (await runProgram(ecdsa, [tlsMocks()])).outputs;
  const { pfx: data, password } = (out.certificatePfx as PfxOutput)["reverse-proxy"];
  assert.ok(createSecureContext({ pfx: Buffer.from(data, "base64"), passphrase: password }));
  if (!opensslPresent(t)) return;
  const keyPem = pkcs12(data, password, ["-nocerts", "-nodes"]);
  assert.equal(createPrivateKey(keyPem).asymmetricKeyType, "ec");
  assert.equal(spkiHex(keyPem), csrKey((out.certificates as RequestsOutput)["reverse-proxy"].csrPem));
});
