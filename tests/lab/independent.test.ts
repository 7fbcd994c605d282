// The lab's certificates through validators no one here wrote: OpenSSL (verify -x509_strict) and NSS (vfychain), the
// TLS stack of libpurple-based Lync clients. Node's TLS alone passed a lab whose CA and first certificate shared serial
// 01; NSS refuses that (SEC_ERROR_REUSED_ISSUER_AND_SERIAL). CI installs both tools (.ci/run); elsewhere a missing tool
// skips these tests with the package to install, and fails them when CI=true.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDeploymentText, validateDeployment, buildPlan } from "../../components/model";
import { collectResources } from "../../lab/collect";
import { runLab } from "../../lab/run";
import { failed, renderReport } from "../../lab/report";
import { createLabCa } from "../../lab/ca";
import { verifyCertificates } from "../../lab/independent";

/** False (and the test skipped) where a validator is missing outside CI; in CI a missing validator fails the test. */
function validatorsPresent(t: TestContext): boolean {
  const missing = ["openssl", "vfychain", "certutil"].filter((c) => spawnSync(c, ["-h"], { stdio: "ignore" }).error !== undefined);
  if (missing.length === 0) return true;
  assert.notEqual(process.env.CI, "true", `${missing.join(", ")} missing: apt-get install openssl libnss3-tools`);
  t.skip(`${missing.join(", ")} not installed (Debian: openssl, libnss3-tools)`);
  return false;
}

async function exampleLab(ca?: Parameters<typeof runLab>[3]) {
  const deployment = parseDeploymentText(fs.readFileSync(path.join(__dirname, "../../Pulumi.contoso.example.yaml"), "utf8"));
  const result = validateDeployment(deployment);
  assert.ok(result.ok);
  return runLab(await collectResources(deployment), result.spec, buildPlan(result.spec), ca);
}

test("the shipped example: every certificate the lab serves passes OpenSSL -x509_strict and NSS", async (t) => {
  if (!validatorsPresent(t)) return;
  const run = await exampleLab();
  const report = renderReport(run.results, run.notes, run.certificates);
  // Edge and reverse-proxy certificates from the captured CSRs, the web site's and Cloudflare's: each by both tools.
  assert.ok(run.certificates.length >= 8, report);
  assert.deepEqual(
    run.certificates.filter((c) => c.status !== "pass"),
    [],
    report,
  );
  assert.deepEqual([...new Set(run.certificates.map((c) => c.validator))].sort(), ["nss", "openssl"]);
  assert.equal(failed(run.results, run.certificates), false);
  assert.match(report, /Certificates served, checked by OpenSSL \(verify -x509_strict\) and NSS \(vfychain\): \d+ passed, 0 failed, 0 skipped/);
});

test("RFC 5280 broken on purpose (the CA and every certificate with serial 01): NSS refuses them and the lab fails", async (t) => {
  if (!validatorsPresent(t)) return;
  const run = await exampleLab({ ca: { serial: () => "01" } });
  const nss = run.certificates.filter((c) => c.validator === "nss");
  assert.ok(nss.length >= 4);
  for (const verdict of nss) {
    assert.equal(verdict.status, "fail");
    assert.match(verdict.reason, /-8054|same issuer\/serial/);
  }
  // Node's TLS does not notice: the client checks still pass, which is exactly why the lab asks NSS.
  assert.deepEqual(
    run.results.filter((r) => r.status === "fail"),
    [],
  );
  assert.equal(failed(run.results, run.certificates), true);
});

test("the lab CA: random positive 128-bit serials, none shared with the CA; key identifiers for strict validators", async (t) => {
  const ca = await createLabCa();
  await ca.issue("a.example", ["a.example"]);
  await ca.issue("b.example", ["b.example"]);
  const serials = [ca.certPem, ...ca.issued.map((c) => c.certPem)].map((pem) => new X509Certificate(pem).serialNumber);
  assert.equal(new Set(serials).size, 3);
  // 16 bytes, the first 01..7F: positive, and no leading zero byte (minimal DER).
  for (const s of serials) assert.match(s, /^(?!00)[0-7][0-9A-F]{31}$/);
  if (!validatorsPresent(t)) return;
  assert.deepEqual(
    verifyCertificates(ca.certPem, ca.issued).map((v) => `${v.validator} ${v.subject} ${v.status}`),
    ["openssl CN=a.example pass", "nss CN=a.example pass", "openssl CN=b.example pass", "nss CN=b.example pass"],
  );
});
