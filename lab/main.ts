/**
 * `npm start`: deploys the shipped example into the offline lab and checks that every SIP domain can be discovered.
 *   npx tsx lab/main.ts [--config Pulumi.contoso.example.yaml]
 * Exit code: 0 all checks pass, 1 a check fails, 2 the config is invalid or the program cannot be captured.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDeploymentText, validateDeployment, buildPlan } from "../components/model";
import { collectResources } from "./collect";
import { runLab } from "./run";
import { renderReport, failed } from "./report";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf("--config");
  const file = at >= 0 ? args[at + 1] : path.join(__dirname, "..", "Pulumi.contoso.example.yaml");
  const deployment = parseDeploymentText(fs.readFileSync(file, "utf8"));
  const result = validateDeployment(deployment);
  if (!result.ok) {
    for (const p of result.problems) console.error(`${p.path || "-"} [${p.rule}] ${p.subject ?? ""} ${p.message}`);
    return 2;
  }
  const plan = buildPlan(result.spec);
  let resources;
  try {
    resources = await collectResources(deployment);
  } catch (e) {
    console.error(`the Pulumi program could not be captured under mocks: ${(e as Error).message}`);
    // The mock runtime may still hold the failed program's rejections; nothing of the lab is running yet.
    process.exit(2);
  }
  console.log(`Offline lab: ${path.basename(file)}, ${resources.length} resources captured, ${plan.tenants.length} SIP domains\n`);
  const run = await runLab(resources, result.spec, plan);
  console.log(renderReport(run.results, run.notes, run.certificates));
  return failed(run.results, run.certificates) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e);
    process.exitCode = 2;
  },
);
