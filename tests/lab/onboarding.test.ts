/**
 * ONBOARD-ORDER in the offline lab, through the real program and adapters: adding a tenant is two `pulumi up` runs
 * around the CA's answer, and no client ever meets a certificate without its name.
 * - run 1: the certificate in service (certificates.inService) lacks sip.fabrikam.com: fabrikam's records are held
 *   back, so its clients find no SRV record; the other tenants are untouched;
 * - the same without the gate (publishBeforeCertificate): the client finds the SRV record and meets the edge's
 *   certificate without its name, which is what the gate prevents;
 * - run 2, after the answer is installed (its names declared in service): every check passes.
 * Captures run one after the other (the mock runtime is global).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDeploymentText, validateDeployment, buildPlan, type DeploymentInput } from "../../components/model";
import { collectResources } from "../../lab/collect";
import { runLab } from "../../lab/run";
import { renderReport } from "../../lab/report";

const EDGE_BEFORE = ["access.contoso.com", "webcon.contoso.com", "sip.contoso.com", "sip.litwareinc.com"];

function contoso(inService: readonly string[], publishBeforeCertificate = false): DeploymentInput {
  const d = parseDeploymentText(fs.readFileSync(path.join(__dirname, "../../Pulumi.contoso.example.yaml"), "utf8")) as DeploymentInput;
  d.certificates = { ...d.certificates, inService: { "edge-edge1": [...inService] } };
  d.sipDomains = d.sipDomains.map((s) => (s.name === "fabrikam.com" ? { ...s, publishBeforeCertificate } : s));
  return d;
}

async function lab(input: DeploymentInput) {
  const result = validateDeployment(input);
  assert.ok(result.ok);
  const plan = buildPlan(result.spec);
  const run = await runLab(await collectResources(input), result.spec, plan);
  return { run, report: renderReport(run.results, run.notes), plan };
}

const status = (results: ReadonlyArray<{ domain: string; check: string; status: string }>, domain: string, check: string) =>
  results.find((r) => r.domain === domain && r.check === check)?.status;

test("run 1: a tenant whose name the edge certificate in service lacks is pending, and its clients find no SRV record", async () => {
  const { run, report, plan } = await lab(contoso(EDGE_BEFORE));
  assert.deepEqual(
    plan.onboarding.waiting.map((w) => [w.sipDomain, w.state, w.missing]),
    [["fabrikam.com", "pending", { "edge-edge1": ["sip.fabrikam.com"] }]],
  );
  const desktop = run.results.find((r) => r.domain === "fabrikam.com" && r.check === "desktop")!;
  assert.equal(desktop.status, "fail", report);
  assert.match(desktop.reason, /_sip\._tls\.fabrikam\.com (SRV: ENOTFOUND|SRV: ENODATA|has no SRV record)/, report);
  assert.doesNotMatch(report, /TLS sip\.fabrikam\.com/, "no client of fabrikam reaches a certificate without its name");
  assert.deepEqual(
    run.results.filter((r) => r.domain !== "fabrikam.com" && r.status !== "pass"),
    [],
    report,
  );
});

test("without the gate (publishBeforeCertificate), the same run sends fabrikam's clients to a certificate without their name", async () => {
  const { run, report } = await lab(contoso(EDGE_BEFORE, true));
  const desktop = run.results.find((r) => r.domain === "fabrikam.com" && r.check === "desktop")!;
  assert.equal(desktop.status, "fail", report);
  assert.match(desktop.reason, /TLS sip\.fabrikam\.com:443: .*(altnames|ERR_TLS_CERT_ALTNAME_INVALID|does not match)/i, report);
});

test("run 2: after the CA's answer with sip.fabrikam.com is in service, fabrikam's clients discover it and the certificate validates", async () => {
  const { run, report, plan } = await lab(contoso([...EDGE_BEFORE, "sip.fabrikam.com"]));
  assert.deepEqual(plan.onboarding.waiting, []);
  assert.equal(status(run.results, "fabrikam.com", "desktop"), "pass", report);
  assert.deepEqual(
    run.results.filter((r) => r.status !== "pass"),
    [],
    report,
  );
  assert.match(report, /16 passed, 0 failed, 0 skipped \(4 SIP domains\)$/);
});
