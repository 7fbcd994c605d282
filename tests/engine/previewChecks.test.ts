// Checks that can run at preview time do, under the real engine: a stack whose edge certificate was issued by a
// (test) public CA rotates its keys while the old certificate is still given. The new key is unknown during the
// preview, so the packing check (key, names, chain) cannot run there; the one thing the preview can know is that no
// certificate issued before can be for a key this update makes. The preview fails with CERT-ISSUED, before `up` could
// replace keys and requests and then stop halfway.
import { test } from "node:test";
import assert from "node:assert/strict";
import { labStack, setStackConfig, stackConfig } from "../../lab/engine";
import { loadDeployment } from "../harness/stackExamples";
import { testPublicCa } from "../tls/issuer";
import { changing, engineOrSkip, inChild, previewSteps } from "./support";

test("a key rotation with the old issued certificate still given fails at preview, naming the certificate", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const base = loadDeployment("Pulumi.contoso.example.yaml");
  const stack = await labStack(engine, "rotate", stackConfig(base));
  await stack.up();
  const requests = (await stack.outputs()).certificates.value as Record<string, { csrPem: string }>;
  const ca = await testPublicCa();
  const issued = { "edge-edge1": await ca.issue(requests["edge-edge1"].csrPem) };
  const withIssued = (d: unknown) => stackConfig(d, { issuedCertificates: { value: JSON.stringify(issued) } });
  await setStackConfig(stack, withIssued(base));
  const installed = await stack.up();
  assert.equal(installed.summary.result, "succeeded");
  assert.ok(((await stack.outputs()).certificatePfx.value as Record<string, unknown>)["edge-edge1"], "packed with the stack's key");

  const rotated = structuredClone(base);
  rotated.certificates = { ...rotated.certificates, key: { ...rotated.certificates?.key, rotation: "2" } };
  const preview = inChild(engine, "rotate", withIssued(rotated), "preview");
  assert.equal(preview.status, 1, preview.output);
  assert.match(preview.output, /issuedCertificates\.edge-edge1 \(publicKey\): \[CERT-ISSUED\] this update makes a new edge-edge1 key/);
  // Without the stale certificate the rotation previews as the review says: new keys, requests replaced. setStackConfig
  // sets exactly the config given, so lync:issuedCertificates goes with it.
  await setStackConfig(stack, stackConfig(rotated));
  const steps = changing(await previewSteps(stack));
  assert.ok(steps.some((s) => s.type === "tls:index/privateKey:PrivateKey" && s.op === "create"));
});
