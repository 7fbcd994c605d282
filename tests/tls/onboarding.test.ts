/**
 * ONBOARD-ORDER through the real program (index.ts) with CA-issued certificates (`lync:issuedCertificates`): adding
 * fabrikam.com is two `pulumi up` runs around the CA's answer.
 * - before: the stack serves contoso and litwareinc, and the CA's answer to that request is in service;
 * - run 1 adds fabrikam: its request goes out (sip.fabrikam.com in the edge CSR), its records do not, the issued
 *   certificate in service (without sip.fabrikam.com) is still accepted and packed, and the warning says why;
 * - run 2, with the CA's answer to the new request: fabrikam's records are registered.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { statefulProviders } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { runProgram, testPublicCa, type PfxOutput, type RequestsOutput } from "./issuer";
import type { Capture } from "../harness/capture";

const recordsOf = (run: Capture, domain: string) =>
  run.resources
    .filter((r) => r.type === "azure-native:dns:RecordSet" && r.inputs.zoneName === domain)
    .map((r) => `${String(r.inputs.relativeRecordSetName)} ${String(r.inputs.recordType)}`)
    .sort();

test("adding a tenant with issued certificates: run 1 requests its name and holds its records back, run 2 publishes them", async () => {
  const full = loadDeployment("Pulumi.contoso.example.yaml");
  const before = { ...full, sipDomains: full.sipDomains.filter((d) => d.name !== "fabrikam.com") };
  const ca = await testPublicCa();
  const providers = statefulProviders([tlsMocks()]);
  const answer = async (run: Capture) => {
    const requests = run.outputs.certificates as RequestsOutput;
    return { "edge-edge1": await ca.issue(requests["edge-edge1"].csrPem), "reverse-proxy": await ca.issue(requests["reverse-proxy"].csrPem) };
  };
  const inService = await answer(await runProgram(before, providers));

  const run1 = await runProgram(full, providers, inService);
  assert.ok((run1.outputs.certificates as RequestsOutput)["edge-edge1"].dnsNames.includes("sip.fabrikam.com"), "the request asks for it");
  assert.deepEqual(recordsOf(run1, "fabrikam.com"), [], "no record of the pending tenant");
  assert.deepEqual((run1.outputs.tenants as Record<string, string[]>)["fabrikam.com"], []);
  assert.ok(recordsOf(run1, "contoso.com").includes("_sip._tls SRV"), "the other tenants stay");
  assert.deepEqual(
    Object.keys(run1.outputs.certificatePfx as PfxOutput).sort(),
    ["edge-edge1", "reverse-proxy"],
    "the certificate in service is still packed",
  );
  assert.ok(
    (run1.outputs.warnings as string[]).some((w) =>
      w.startsWith(
        `[ONBOARD-ORDER] fabrikam.com: pending: waiting for the CA's answer with sip.fabrikam.com (edge-edge1); its records (_sip._tls.fabrikam.com,`,
      ),
    ),
  );

  const run2 = await runProgram(full, providers, await answer(run1));
  assert.deepEqual(recordsOf(run2, "fabrikam.com"), ["_sip._tls SRV", "_sipfederationtls._tcp SRV", "lyncdiscover A", "sip A"]);
  assert.ok(!(run2.outputs.warnings as string[]).some((w) => w.includes("pending:")));
});
