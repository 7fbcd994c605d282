// The stack outputs of the real program (index.ts) for the shipped stack examples, under mocks with real tls keys:
// what an operator reads after `pulumi up` (issues 3, 5, 6), and that no key material is among it.
import { test } from "node:test";
import assert from "node:assert/strict";
import "reflect-metadata"; // before @peculiar/x509
import * as x509 from "@peculiar/x509";
import { capture, programFromModule } from "../harness/capture";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { sanNames } from "../tls/fixtures";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

// No secrets: the shipped examples take the gateway's certificate from Key Vault or from the test CA.
const outputsOf = async (file: string) =>
  (
    await capture(programFromModule(PROJECT_PROGRAM), {
      config: { "lync:deployment": loadDeployment(file) },
      providers: [tlsMocks()],
    })
  ).outputs;

test("shipped example: tenants with their names, one CSR per certificate with its SANs and used/limit, gateway addresses", async () => {
  const out = await outputsOf("Pulumi.contoso.example.yaml");
  assert.deepEqual(Object.keys(out.tenants as object).sort(), ["adatum.com", "contoso.com", "fabrikam.com", "litwareinc.com"]);
  assert.deepEqual((out.tenants as Record<string, string[]>)["fabrikam.com"], [
    "_sip._tls.fabrikam.com",
    "_sipfederationtls._tcp.fabrikam.com",
    "lyncdiscover.fabrikam.com",
    "sip.fabrikam.com",
  ]);
  const certs = out.certificates as Record<string, { csrPem: string; dnsNames: string[]; used: string }>;
  assert.deepEqual(Object.keys(certs).sort(), ["edge-edge1", "reverse-proxy"]);
  const csr = new x509.Pkcs10CertificateRequest(certs["edge-edge1"].csrPem);
  assert.equal(await csr.verify(), true);
  assert.deepEqual(sanNames(csr).sort(), certs["edge-edge1"].dnsNames);
  assert.equal(certs["edge-edge1"].used, "5/250");
  assert.deepEqual(out.reverseProxyAddresses, ["203.0.113.10", "203.0.113.11"]);
  assert.equal(out.testCaCertPem, null);
  assert.deepEqual(out.certificatePfx, {}, "no PFX before the CA has answered (the gateway reads Key Vault)");
  assert.deepEqual(out.nameServers, {});
  assert.doesNotMatch(JSON.stringify(out), /PRIVATE KEY/);
});

test("test stack: the created zones' name servers, the test CA certificate and a PFX per certificate are outputs", async () => {
  const out = await outputsOf("Pulumi.test.example.yaml");
  // Details (parsers, key, names, secrecy): tests/tls/pfx.test.ts.
  const pfx = out.certificatePfx as Record<string, { pfx: string; password: string }>;
  assert.deepEqual(Object.keys(pfx).sort(), ["edge-edge1", "reverse-proxy"]);
  for (const { pfx: data, password } of Object.values(pfx)) assert.match(`${data.slice(0, 4)} ${password}`, /^MII\S [A-Za-z0-9]{12}$/);
  const caPem = out.testCaCertPem as string;
  const ca = new x509.X509Certificate(caPem);
  const constraints = ca.extensions.find((e): e is x509.BasicConstraintsExtension => e instanceof x509.BasicConstraintsExtension);
  assert.equal(constraints?.ca, true);
  assert.deepEqual(Object.keys(out.nameServers as object).sort(), [
    "contoso.lab.contoso.net",
    "fabrikam.lab.contoso.net",
    "infra.lab.contoso.net",
    "litwareinc.lab.contoso.net",
  ]);
  assert.doesNotMatch(JSON.stringify(out), /PRIVATE KEY/);
});

test("a missing test-stack secret is reported before any resource is registered (nothing half-applied)", () => {
  // In a child process: the program's throw also surfaces as an unhandled rejection inside the SDK. The test example
  // needs no secret any more (its test CA makes the gateway's PFX); a stack that names PFX config keys still does.
  const script = `
    const { capture, programFromModule } = require("./tests/harness/capture");
    const { loadDeployment } = require("./tests/harness/stackExamples");
    process.on("unhandledRejection", () => {});
    const deployment = loadDeployment("Pulumi.test.example.yaml");
    Object.assign(deployment.reverseProxy, { pfxConfigKey: "reverseProxyPfx", pfxPasswordConfigKey: "reverseProxyPfxPassword" });
    capture(programFromModule(require("path").resolve("index.ts")), {
      config: { "lync:deployment": deployment, "lync:reverseProxyPfxPassword": "test" },
      providers: [(args) => { console.log("registered " + args.type); return undefined; }],
    }).then(() => console.log("no error"), (e) => console.error(e.message));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: join(__dirname, "../.."), encoding: "utf8" });
  assert.match(r.stderr, /reverseProxy\.pfxConfigKey \(lync:reverseProxyPfx\): \[AGW-CONFIG\] the stack config has no secret lync:reverseProxyPfx/);
  assert.doesNotMatch(r.stderr, /pfxPasswordConfigKey/);
  assert.deepEqual(
    r.stdout.split("\n").filter((l) => l.startsWith("registered ") && l !== "registered pulumi:pulumi:Stack"),
    [],
  );
  assert.doesNotMatch(r.stdout, /no error/);
});
