/**
 * `npm start`: deploys a deployment spec into the offline lab and checks that every SIP domain can be discovered.
 *   npm start [-- --config FILE] [--secret KEY=VALUE ...] [--serve --state STATE.json]
 * FILE is a Pulumi.<stack>.yaml or a standalone spec (default: the shipped Pulumi.contoso.example.yaml). Stack secrets
 * the program reads (a test stack's `lync:<pfxConfigKey>`) come from `--secret KEY=VALUE` or the environment variable
 * LYNC_LAB_SECRET_<KEY>; the lab never needs the real ones (its gateway stand-in does not read the PFX).
 * --serve keeps the lab up for a client of your own until SIGINT or SIGTERM, runs no checks of its own, and writes
 * STATE.json (lab/serve.ts; docs/lab.md "The lab for your own client").
 * Exit codes (tools/exit.ts): 0 all checks pass (serve: stopped by a signal), 1 a check fails, 2 usage, an invalid
 * config, or the lab could not run (one line why), 70 an internal error (its stack trace on stderr).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { validateDeployment, buildPlan, formatProblem } from "../components/model";
import { missingStackSecrets } from "../components/azure/stackSecrets";
import { readStackInput } from "../tools/stackFiles";
import { EXIT, InputError, crash, runMain } from "../tools/exit";
import type { LabDeployment } from "./deploy";
import { runLab, startLab } from "./run";
import { claimStateFile, serve } from "./serve";
import { renderReport, failed } from "./report";

/** --secret KEY=VALUE pairs, then LYNC_LAB_SECRET_<KEY> variables (the flag wins). */
export function labSecrets(flags: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const fromEnv = Object.entries(env)
    .filter((e): e is [string, string] => e[0].startsWith("LYNC_LAB_SECRET_") && e[1] !== undefined)
    .map(([k, v]): [string, string] => [k.slice("LYNC_LAB_SECRET_".length), v]);
  const fromFlags = flags.map((pair): [string, string] => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new InputError(`--secret wants KEY=VALUE, not ${JSON.stringify(pair)}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
  return Object.fromEntries([...fromEnv, ...fromFlags]);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      secret: { type: "string", multiple: true, default: [] },
      serve: { type: "boolean", default: false },
      state: { type: "string" },
    },
    strict: true,
  });
  if (values.state && !values.serve) throw new InputError("--state goes with --serve");
  // Before the long capture: a live lab's state file is refused at once, a stale one replaced.
  const stale = values.state ? claimStateFile(values.state) : undefined;
  if (stale) console.error(`lab: ${stale}`);
  const file = values.config ?? path.join(__dirname, "..", "Pulumi.contoso.example.yaml");
  const secrets = labSecrets(values.secret);
  // A stack of an estate names the estate's spec: the lab serves the whole estate, which is what its stacks register
  // together (tests/estate/shards.test.ts), so the shard it names does not narrow what the clients can reach.
  const { input: deployment, shard } = readInput(file);
  if (shard !== undefined) console.error(`lab: ${path.basename(file)} is shard ${shard} of an estate; the lab serves the whole estate`);
  const result = validateDeployment(deployment);
  if (!result.ok) {
    for (const p of result.problems) console.error(formatProblem(p));
    return EXIT.invalidInput;
  }
  const plan = buildPlan(result.spec);
  // The stack secrets the program will ask for, checked before any engine runs: one line each, as the program says it.
  const missing = missingStackSecrets(result.spec, (key) => secrets[key] !== undefined);
  if (missing.length > 0) {
    for (const p of missing) console.error(`lab: ${p.message}`);
    console.error("lab: give the lab a stack secret with --secret KEY=VALUE or LYNC_LAB_SECRET_<KEY>=VALUE");
    return EXIT.invalidInput;
  }
  // The engine, the SDK and the lab's servers load only now: a usage error or a refused spec answers without them.
  const { deployToLab } = await import("./deploy");
  let deployed: LabDeployment;
  try {
    deployed = await deployToLab(deployment, secrets, (line) => console.error(line));
  } catch (e) {
    // Missing stack secrets were reported above: a program that fails now is a bug, with its stack (exit 70).
    crash("lab", e);
  }
  const resources = deployed.resources;
  process.once("exit", () => deployed.dispose());
  console.log(`Engine: ${deployed.engine}`);
  for (const line of deployed.summary) console.log(line);
  if (values.serve) return serve(await startLab(resources, result.spec, plan), values.state, path.basename(file));
  console.log(`Offline lab: ${path.basename(file)}, ${resources.length} resources deployed, ${plan.tenants.length} SIP domains\n`);
  const run = await runLab(resources, result.spec, plan);
  console.log(renderReport(run.results, run.notes, run.certificates));
  return failed(run.results, run.certificates) ? EXIT.checkFailed : EXIT.ok;
}

/** The stack or spec file; one that cannot be read or parsed is the user's (exit 2, one line). */
function readInput(file: string): ReturnType<typeof readStackInput> {
  try {
    return readStackInput(file);
  } catch (e) {
    throw new InputError(`${file}: ${(e as Error).message}`);
  }
}

if (require.main === module) runMain("lab", main);
