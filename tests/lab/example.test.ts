/**
 * The lab end to end through the real program (index.ts) and adapters, captured with the tls mocks:
 * - `npm start`: the shipped example passes every check, its online domain's included (Azure zone);
 * - the four-tenant Azure + Cloudflare spec of fixtures.ts (Application Gateways, proxied lyncdiscover with rulesets)
 *   passes every check, read from the gateways and rulesets the adapters register.
 * Captures run one after the other (the mock runtime is global).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDeploymentText, validateDeployment, buildPlan } from "../../components/model";
import { collectResources } from "../../lab/collect";
import { runLab } from "../../lab/run";
import { renderReport } from "../../lab/report";
import { proxyListeners } from "../harness/gatewayRoutes";
import { labSpec, labSpecInput } from "./fixtures";

test("the shipped example passes the offline lab through the real adapters", async () => {
  const deployment = parseDeploymentText(fs.readFileSync(path.join(__dirname, "../../Pulumi.contoso.example.yaml"), "utf8"));
  const result = validateDeployment(deployment);
  assert.ok(result.ok);
  const plan = buildPlan(result.spec);
  const resources = await collectResources(deployment);
  // The lab reads provider resources and the CSR PEMs the tls mocks answered, not the plan.
  assert.ok(resources.some((r) => r.type === "azure-native:dns:RecordSet"));
  assert.ok(resources.some((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord"));
  assert.equal(resources.filter((r) => r.type === "tls:index/certRequest:CertRequest" && typeof r.outputs?.certRequestPem === "string").length, 2);

  const run = await runLab(resources, result.spec, plan);
  const report = renderReport(run.results, run.notes);
  assert.deepEqual(run.notes, [], report);
  assert.deepEqual(
    run.results.filter((r) => r.status !== "pass"),
    [],
    report,
  );
  assert.deepEqual(
    run.results.filter((r) => r.domain === "adatum.com").map((r) => r.check),
    ["online"],
    report,
  );
  assert.match(report, /16 passed, 0 failed, 0 skipped \(4 SIP domains\)$/);
});

test("Azure gateways and Cloudflare-proxied lyncdiscover from the adapters pass the lab", async () => {
  const input = labSpecInput();
  const { spec, plan } = labSpec(input);
  const resources = await collectResources(input);
  const listeners = proxyListeners(resources, spec, plan.routes);
  // Read from the registered gateways, not from the plan.
  assert.ok(listeners.length > 0 && listeners.every((l) => l.source.startsWith("azure-native:network:ApplicationGateway ")));
  assert.ok(resources.some((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && r.inputs.proxied === true));
  const run = await runLab(resources, spec, plan);
  const report = renderReport(run.results, run.notes);
  assert.deepEqual(
    run.results.filter((r) => r.status !== "pass"),
    [],
    report,
  );
  assert.match(report, /16 passed, 0 failed, 0 skipped \(4 SIP domains\)$/);
});
