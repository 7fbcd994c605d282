/**
 * Where the gateway's listener certificate comes from (AGW-CONFIG, issue 13): Key Vault, a PFX from the stack config,
 * the issued reverse-proxy certificate (useIssuedCertificate), or on test stacks the test CA. One source at most; the
 * issued one must be given before anything is registered, unless the test CA stands in for it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { statefulProviders } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import {
  DeploymentValidationError,
  LyncDeployment,
  formatProblem,
  missingStackSecrets,
  validateDeployment,
  type DeploymentInput,
} from "../../components";
import { runProgram, testPublicCa, type PfxOutput, type RequestsOutput } from "./issuer";

type ReverseProxy = Record<string, unknown>;
/** The production example with its gateway's certificate settings and the test CA changed. */
function variant(reverseProxy: ReverseProxy, testCa = false): DeploymentInput {
  const d = loadDeployment("Pulumi.contoso.example.yaml");
  const rp = d.reverseProxy as ReverseProxy;
  delete rp.keyVaultSecretId;
  delete rp.identityId;
  Object.assign(rp, reverseProxy);
  d.certificates = { ...d.certificates, testCa };
  return d;
}
const KEY_VAULT = {
  keyVaultSecretId: "https://kv-lync.vault.azure.net/secrets/reverse-proxy",
  identityId:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-lync-agw/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-agw-lync",
};
const agwConfig = (d: DeploymentInput) => {
  const r = validateDeployment(d);
  return r.problems.filter((p) => p.rule === "AGW-CONFIG").map(formatProblem);
};

test("AGW-CONFIG: the test CA and the issued certificate count as sources; two sources or none are refused", () => {
  assert.deepEqual(agwConfig(variant({}, true)), [], "test stack: the test CA's PFX");
  assert.deepEqual(agwConfig(variant({ useIssuedCertificate: true })), [], "the issued certificate");
  assert.deepEqual(
    agwConfig(variant({ ...KEY_VAULT, pfxConfigKey: "p", pfxPasswordConfigKey: "q" }, true)).length,
    1,
    "explicit sources still exclude each other",
  );
  assert.deepEqual(agwConfig(variant({ ...KEY_VAULT, useIssuedCertificate: true })), [
    "reverseProxy.useIssuedCertificate: [AGW-CONFIG] give the listener certificate one way, not keyVaultSecretId and useIssuedCertificate: keyVaultSecretId (production), useIssuedCertificate (the CA-issued certificate from lync:issuedCertificates) or pfxConfigKey (a PFX from the stack config)",
  ]);
  assert.deepEqual(agwConfig(variant({})), [
    "reverseProxy.keyVaultSecretId: [AGW-CONFIG] the HTTPS listeners need the reverse-proxy certificate: set keyVaultSecretId (with identityId), useIssuedCertificate (the CA's answer to the stack's CSR), or, on test stacks, certificates.testCa (or pfxConfigKey with pfxPasswordConfigKey)",
  ]);
});

test("useIssuedCertificate without the certificate: the program and the component refuse before registering (not with the test CA)", () => {
  const r = validateDeployment(variant({ useIssuedCertificate: true }));
  assert.ok(r.ok);
  const missing = missingStackSecrets(r.spec, () => false).map(formatProblem);
  assert.equal(missing.length, 1);
  assert.match(
    missing[0],
    /^reverseProxy\.useIssuedCertificate \(reverse-proxy\): \[AGW-CONFIG\] the gateway takes the issued reverse-proxy certificate, and the stack config \(pulumi config set --path 'lync:issuedCertificates\["reverse-proxy"\]' .*\) has none/,
  );
  assert.deepEqual(
    missingStackSecrets(
      r.spec,
      () => false,
      (id) => id === "reverse-proxy",
    ),
    [],
  );
  assert.throws(
    () => new LyncDeployment("lync", { deployment: r.spec }),
    (e: unknown) => e instanceof DeploymentValidationError && /LyncDeployment's issuedCertificates has none/.test(e.message),
  );
  const withTestCa = validateDeployment(variant({ useIssuedCertificate: true }, true));
  assert.ok(withTestCa.ok);
  assert.deepEqual(
    missingStackSecrets(withTestCa.spec, () => false),
    [],
    "the test CA's certificate until the CA answers",
  );
});

test("useIssuedCertificate: the gateway's listener takes the issued reverse-proxy PFX (no identity, no Key Vault)", async () => {
  const testStack = variant({ useIssuedCertificate: true }, true);
  const providers = statefulProviders([tlsMocks()]);
  const requests = (await runProgram(testStack, providers)).outputs.certificates as RequestsOutput;
  const issued = { "reverse-proxy": await (await testPublicCa()).issue(requests["reverse-proxy"].csrPem) };
  // The CA has answered: the test CA may go, and the gateway keeps the issued certificate.
  const run = await runProgram(variant({ useIssuedCertificate: true }), providers, issued);
  const pfx = (run.outputs.certificatePfx as PfxOutput)["reverse-proxy"];
  const gateway = run.resources.find((r) => r.type === "azure-native:network:ApplicationGateway" && !r.name.endsWith("-http"))!;
  assert.deepEqual(gateway.inputs.sslCertificates, { secret: [{ name: "reverse-proxy", data: pfx.pfx, password: pfx.password }] });
  assert.equal(gateway.inputs.identity, undefined);
  assert.deepEqual(Object.keys(run.outputs.certificatePfx as PfxOutput), ["reverse-proxy"], "no PFX for the edge before its answer");
});
