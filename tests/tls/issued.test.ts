/**
 * CA-issued certificates (issue 13, docs/rules.md CERT-ISSUED): given as stack config (`lync:issuedCertificates`) to
 * the real program, each is checked against the stack's request. A wrong one is refused with its certificate id, the
 * field and what is wrong: as plain config before anything is registered; the key (an Output) when it resolves. A
 * right one becomes the certificate's PFX. The refusals run in a child process (refusals.ts says why).
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import * as path from "node:path";
import { statefulProviders } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { opensslPresent, pkcs12 } from "./openssl";
import { requestFor, runProgram, testPublicCa, type PfxOutput, type RequestsOutput } from "./issuer";
import { issuedCertificateProblems } from "../../components/tls/issued";
import type { CertificateIssuance } from "../../components/plan/types";
import { fixture, planOf } from "../model/support";
import type { Refusal } from "./refusals";

let refusals: Record<string, Refusal>;
before(() => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tests/tls/refusals.ts"], { cwd: path.join(__dirname, "../.."), encoding: "utf8" });
  // Not the exit status: the SDK's exit hook sets 1 for the promises the refused programs leave behind.
  assert.match(r.stdout, /^\{/, r.stderr);
  refusals = JSON.parse(r.stdout) as Record<string, Refusal>;
});

const dots = (s: string) => s.replace(/\./g, "\\.");
/** The error's problem lines, and that nothing but the stack was registered. */
function refusedBeforeRegistering(scenario: string): string[] {
  const { error, registered } = refusals[scenario];
  assert.ok(error, `${scenario}: the program accepted the certificate`);
  assert.deepEqual(registered, [], `${scenario}: refused before anything was registered`);
  return error.split("\n").filter((l) => l.startsWith("  - "));
}

test("a correct answer for each certificate: accepted, packed with the stack's key and the whole chain into its PFX", async (t) => {
  const contoso = loadDeployment("Pulumi.contoso.example.yaml");
  const ca = await testPublicCa();
  const providers = statefulProviders([tlsMocks()]);
  const requests = (await runProgram(contoso, providers)).outputs.certificates as RequestsOutput;
  const issued: Record<string, string> = {};
  for (const id of ["edge-edge1", "reverse-proxy"]) issued[id] = await ca.issue(requests[id].csrPem);
  const pfx = (await runProgram(contoso, providers, issued)).outputs.certificatePfx as PfxOutput;
  assert.deepEqual(Object.keys(pfx).sort(), ["edge-edge1", "reverse-proxy"]);
  const fingerprints = (pem: string) =>
    (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c).fingerprint256);
  for (const [id, { pfx: data, password }] of Object.entries(pfx)) {
    assert.ok(createSecureContext({ pfx: Buffer.from(data, "base64"), passphrase: password }), id);
    if (!opensslPresent(t)) continue;
    // Leaf, intermediate and root as given: Import-CsCertificate on the edge server gets the whole chain.
    assert.deepEqual(fingerprints(pkcs12(data, password, ["-nokeys"])), fingerprints(issued[id]), id);
  }
});

test("refused: a certificate for another key (checked once the key is known, in the same format)", () => {
  const { error } = refusals.otherKey;
  assert.match(
    error ?? "",
    /issuedCertificates\.reverse-proxy \(publicKey\): \[CERT-ISSUED\] the certificate \(CN=webext\.contoso\.com, O=Contoso Ltd, C=DE, serial [0-9A-F]+\) is for another key than this stack's reverse-proxy key: it answers another request, or the key was rotated since/,
  );
});

test("refused: a certificate without every name of the request, before anything is registered", () => {
  const names = refusals.missingNames.dnsNames;
  assert.deepEqual(refusedBeforeRegistering("missingNames"), [
    `  - issuedCertificates.reverse-proxy (subjectAltName): [CERT-ISSUED] lacks ${names.slice(-2).join(", ")} (2 of the request's ${names.length} names): the CA must issue every name of the current CSR`,
  ]);
});

test("refused: an expired certificate (and one not valid yet), before anything is registered", () => {
  const [expired] = refusedBeforeRegistering("expired");
  assert.match(
    expired,
    /^ {2}- issuedCertificates\.edge-edge1 \(notAfter\): \[CERT-ISSUED\] expired on \d{4}-\d\d-\d\dT[\d:.]+Z \(now .*\): give the renewed certificate$/,
  );
  assert.equal(refusedBeforeRegistering("expired").length, 1);
  assert.deepEqual(
    refusedBeforeRegistering("notYetValid").map((l) => l.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "T")),
    ["  - issuedCertificates.edge-edge1 (notBefore): [CERT-ISSUED] is not valid before T (now T)"],
  );
});

test("refused: a broken chain (a certificate not signed by the next one), before anything is registered", () => {
  assert.deepEqual(refusedBeforeRegistering("brokenChain"), [
    "  - issuedCertificates.edge-edge1 (chain[0]): [CERT-ISSUED] CN=access.contoso.com, O=Contoso Ltd, C=DE is not signed by the next certificate, chain[1] O=Test CA, CN=Test Public Issuing CA 1: give the chain in order, leaf first",
    "  - issuedCertificates.edge-edge1 (chain[1]): [CERT-ISSUED] O=Test CA, CN=Test Public Issuing CA 1 is not signed by the next certificate, chain[2] O=Test CA, CN=Test Public Root: give the chain in order, leaf first",
  ]);
  // A chain that stops below a root nobody has: the last link cannot be checked.
  assert.deepEqual(refusedBeforeRegistering("noRoot"), [
    "  - issuedCertificates.edge-edge1 (chain[1]): [CERT-ISSUED] O=Test CA, CN=Test Public Issuing CA 1 is issued by O=Test CA, CN=Test Public Root, which is neither in the bundle nor a root Node trusts: append the issuing CA certificates up to the root",
  ]);
});

test("refused: an id this stack does not hold, and text that is no certificate, before anything is registered", () => {
  assert.deepEqual(refusedBeforeRegistering("unknownIdAndText"), [
    "  - issuedCertificates.edge-edge9: [CERT-ISSUED] no certificate of this stack has this id (it holds: edge-edge1, reverse-proxy)",
    "  - issuedCertificates.reverse-proxy (pem): [CERT-ISSUED] holds no -----BEGIN CERTIFICATE----- block: give the CA's answer to the request, the leaf first, then its chain",
  ]);
});

test("an issued certificate given as an Output (LyncDeployment's input) is checked when it resolves, with the same message", () => {
  const { error, dnsNames } = refusals.outputInput;
  assert.match(
    error ?? "",
    new RegExp(`issuedCertificates\\.reverse-proxy \\(subjectAltName\\): \\[CERT-ISSUED\\] lacks ${dots(dnsNames[0])} \\(1 of the request's`),
  );
});

test("CERT-EKU from the plan: a serverAuth-only edge certificate passes unless the spec says the order has client authentication", async () => {
  const ca = await testPublicCa();
  const edgeOf = (clientAuth?: boolean) => {
    const input = fixture("contoso-fabrikam-default.yaml");
    input.edgePools[0].certificate = { ca: { profile: "custom", limit: 100, ...(clientAuth === undefined ? {} : { clientAuth }) } };
    return planOf(input).certificates.find((c) => c.id === "edge-edge1")!;
  };
  for (const [clientAuth, refused] of [
    [undefined, false],
    [false, false],
    [true, true],
  ] as const) {
    const cert = edgeOf(clientAuth);
    const pem = await ca.issue(await requestFor(cert.dnsNames), { extendedKeyUsages: ["serverAuth"] });
    const problems = issuedCertificateProblems(cert.id, pem, cert, { now: new Date() }).map((p) => p.subject);
    assert.deepEqual(problems, refused ? ["extendedKeyUsage"] : [], `clientAuth: ${clientAuth}`);
  }
});

test("CERT-EKU: an issued certificate without the Server Authentication EKU is refused; a missing client EKU only where the CA profile promised it", async () => {
  const ca = await testPublicCa();
  const names = ["sip.contoso.com", "webcon.contoso.com"];
  const csr = await requestFor(names);
  const issuance = (caIssuesAll: boolean): CertificateIssuance => ({
    extendedKeyUsages: ["serverAuth", "clientAuth"],
    crlDistributionPoint: true,
    exportableKey: true,
    caIssuesAll,
  });
  const problems = async (ekus: ReadonlyArray<"serverAuth" | "clientAuth">, caIssuesAll: boolean) =>
    issuedCertificateProblems(
      "edge-edge1",
      await ca.issue(csr, { extendedKeyUsages: ekus }),
      { dnsNames: names, issuance: issuance(caIssuesAll) },
      {
        now: new Date(),
      },
    ).map((p) => `${p.subject}: ${p.message}`);
  assert.deepEqual(await problems(["serverAuth", "clientAuth"], true), []);
  assert.deepEqual(await problems(["clientAuth"], false), [
    "extendedKeyUsage: lacks serverAuth (it has 1.3.6.1.5.5.7.3.2): order the usages the plan lists (CERT-EKU)",
  ]);
  // A public CA that no longer issues client authentication: warned about in the plan, not refused here.
  assert.deepEqual(await problems(["serverAuth"], false), []);
  assert.deepEqual(await problems(["serverAuth"], true), [
    "extendedKeyUsage: lacks clientAuth (it has 1.3.6.1.5.5.7.3.1): order the usages the plan lists (CERT-EKU)",
  ]);
});

test("refused: an issued certificate without a CRL distribution point (S57); the stack's own test CA is exempt", async () => {
  const ca = await testPublicCa();
  const input = fixture("contoso-fabrikam-default.yaml");
  const cert = planOf(input).certificates.find((c) => c.id === "reverse-proxy")!;
  const csr = await requestFor(cert.dnsNames);
  const check = async (noCrlDistributionPoint: boolean, crlDistributionPoint?: boolean) =>
    issuedCertificateProblems(cert.id, await ca.issue(csr, { noCrlDistributionPoint }), cert, {
      now: new Date(),
      ...(crlDistributionPoint === undefined ? {} : { crlDistributionPoint }),
    }).map((p) => `${p.subject}: ${p.message}`);
  assert.deepEqual(await check(false), []);
  assert.deepEqual(await check(true), [
    "crlDistributionPoints: is missing: Lync and Skype for Business servers require a CRL distribution point in every certificate (CERT-EKU, S57)",
  ]);
  assert.deepEqual(await check(true, false), []);
});
