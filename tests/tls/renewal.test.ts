/**
 * Renewal (issue 13): the CA's new answer to the same CSR (same key, same names) replaces only the PFX and, on the
 * gateway, its certificate data, in place. No key, CSR or test certificate changes, and the password stays (it belongs
 * to the key). Shown with the change simulation over the real program, the certificate given as stack config.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { programFromModule } from "../harness/capture";
import { PROJECT_PROGRAM, describeChanges, simulateChange, statefulProviders } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { runProgram, testPublicCa, type PfxOutput, type RequestsOutput } from "./issuer";

/** The project's program with `lync:issuedCertificates` set, as `pulumi config set --path` would. */
const programWith = (issued: Record<string, string>) => () => {
  pulumi.runtime.setConfig("lync:issuedCertificates", JSON.stringify(issued));
  return programFromModule(PROJECT_PROGRAM)();
};

test("a renewed certificate for the same key and names updates the PFX and the gateway's certificate, never the key", async () => {
  const deployment = loadDeployment("Pulumi.test.example.yaml");
  const ca = await testPublicCa();
  const providers = statefulProviders([tlsMocks()]); // engine-like state: the keys of this first run stay
  const requests = (await runProgram(deployment, providers)).outputs.certificates as RequestsOutput;
  const csr = requests["reverse-proxy"].csrPem;
  const [first, renewed] = [await ca.issue(csr), await ca.issue(csr, { fromDays: 0, toDays: 180 })];

  const sim = await simulateChange(deployment, deployment, {
    providers,
    programBefore: programWith({ "reverse-proxy": first }),
    program: programWith({ "reverse-proxy": renewed }),
  });
  const gateway = sim.after.resources.find((r) => r.type === "azure-native:network:ApplicationGateway" && !r.name.endsWith("-http"))!;
  assert.deepEqual(describeChanges(sim.changes), [`update azure-native:network:ApplicationGateway ${gateway.name} [sslCertificates]`]);
  for (const c of sim.changes.filter((x) => x.type.startsWith("tls:"))) assert.equal(c.kind, "unchanged", c.name);

  const [before, after] = [sim.before.outputs.certificatePfx as PfxOutput, sim.after.outputs.certificatePfx as PfxOutput];
  assert.notEqual(after["reverse-proxy"].pfx, before["reverse-proxy"].pfx, "the new certificate is in the PFX");
  assert.equal(after["reverse-proxy"].password, before["reverse-proxy"].password, "the password belongs to the key");
  assert.deepEqual(after["edge-edge1"], before["edge-edge1"], "the edge PFX (test CA) is untouched");
  const data = (gateway.inputs.sslCertificates as { secret: Array<{ data: string }> }).secret[0].data;
  assert.equal(data, after["reverse-proxy"].pfx, "the gateway takes the renewed PFX");
});
