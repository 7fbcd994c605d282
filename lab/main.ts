/**
 * `npm start`: deploys a deployment spec into the offline lab and checks that every SIP domain can be discovered.
 *   npm start [-- --config FILE] [--secret KEY=VALUE ...] [--serve --state STATE.json]
 * FILE is a Pulumi.<stack>.yaml or a standalone spec (default: the shipped Pulumi.contoso.example.yaml). Stack secrets
 * the program reads (a test stack's `lync:<pfxConfigKey>`) come from `--secret KEY=VALUE` or the environment variable
 * LYNC_LAB_SECRET_<KEY>; the lab never needs the real ones (its gateway stand-in does not read the PFX).
 * --serve keeps the lab up for a client of your own until SIGINT or SIGTERM, runs no checks of its own, and writes
 * STATE.json (serveState below; README "The lab for your own client").
 * Exit code: 0 all checks pass (serve: stopped by a signal), 1 a check fails, 2 usage, an invalid config, or the lab
 * could not run (one line why).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { validateDeployment, buildPlan, formatProblem } from "../components/model";
import { missingStackSecrets } from "../components/azure/stackSecrets";
import { readStackInput } from "../tools/stackFiles";
import { deployToLab, type LabDeployment } from "./deploy";
import { runLab, startLab, type RunningLab } from "./run";
import { LAB_PORT_OFFSET } from "./addressMap";
import { renderReport, failed } from "./report";

/** --secret KEY=VALUE pairs, then LYNC_LAB_SECRET_<KEY> variables (the flag wins). */
export function labSecrets(flags: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const fromEnv = Object.entries(env)
    .filter((e): e is [string, string] => e[0].startsWith("LYNC_LAB_SECRET_") && e[1] !== undefined)
    .map(([k, v]): [string, string] => [k.slice("LYNC_LAB_SECRET_".length), v]);
  const fromFlags = flags.map((pair): [string, string] => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--secret wants KEY=VALUE, not ${JSON.stringify(pair)}`);
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
  if (values.state && !values.serve) throw new Error("--state goes with --serve");
  const file = values.config ?? path.join(__dirname, "..", "Pulumi.contoso.example.yaml");
  const secrets = labSecrets(values.secret);
  // A stack of an estate names the estate's spec: the lab serves the whole estate, which is what its stacks register
  // together (tests/estate/shards.test.ts), so the shard it names does not narrow what the clients can reach.
  const { input: deployment, shard } = readStackInput(file);
  if (shard !== undefined) console.error(`lab: ${path.basename(file)} is shard ${shard} of an estate; the lab serves the whole estate`);
  const result = validateDeployment(deployment);
  if (!result.ok) {
    for (const p of result.problems) console.error(formatProblem(p));
    return 2;
  }
  const plan = buildPlan(result.spec);
  // The stack secrets the program will ask for, checked before any engine runs: one line each, as the program says it.
  const missing = missingStackSecrets(result.spec, (key) => secrets[key] !== undefined);
  if (missing.length > 0) {
    for (const p of missing) console.error(`lab: ${p.message}`);
    console.error("lab: give the lab a stack secret with --secret KEY=VALUE or LYNC_LAB_SECRET_<KEY>=VALUE");
    return 2;
  }
  let deployed: LabDeployment;
  try {
    deployed = await deployToLab(deployment, secrets, (line) => console.error(line));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`lab: the Pulumi program could not be deployed: ${message}`);
    // The mock runtime may still hold the failed program's rejections; nothing of the lab is running yet.
    process.exit(2);
  }
  const resources = deployed.resources;
  process.once("exit", () => deployed.dispose());
  console.log(`Engine: ${deployed.engine}`);
  for (const line of deployed.summary) console.log(line);
  if (values.serve) return serve(await startLab(resources, result.spec, plan), values.state, path.basename(file));
  console.log(`Offline lab: ${path.basename(file)}, ${resources.length} resources deployed, ${plan.tenants.length} SIP domains\n`);
  const run = await runLab(resources, result.spec, plan);
  console.log(renderReport(run.results, run.notes, run.certificates));
  return failed(run.results, run.certificates) ? 1 : 0;
}

/** What a client of your own needs to use a serving lab (written as STATE.json). */
export function serveState(lab: RunningLab) {
  return {
    /** The lab's authoritative DNS server: point the client's resolver here (UDP). */
    dns: { address: lab.dns.address, port: lab.dns.port },
    /** The only trust anchor: trust it in the client (NSS: certutil -A -t "CT,C,C"; OpenSSL: -CAfile). */
    caPem: lab.ca.certPem,
    /** Public address -> the loopback address the DNS server answers instead and the servers listen on. */
    addressMap: lab.map.publicAddresses(),
    /** range: public port p listens on portOffset + p; single: null, see endpoints. */
    portOffset: lab.map.strategy === "range" ? LAB_PORT_OFFSET : null,
    /** `<loopback>:<public port>` -> `<host>:<port>` for every server of the lab. */
    endpoints: lab.map.endpoints(),
    strategy: lab.map.strategy,
  };
}

/** Keeps the lab up until SIGINT or SIGTERM, with STATE.json written for a client of your own. */
async function serve(lab: RunningLab, stateFile: string | undefined, name: string): Promise<number> {
  const state = serveState(lab);
  if (stateFile) fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  for (const note of lab.notes) console.log(`note: ${note}`);
  console.log(
    `Offline lab serving ${name}: DNS ${state.dns.address}:${state.dns.port}${stateFile ? `, state in ${stateFile}` : ""}; stop with Ctrl-C`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await lab.close();
  console.log(`lab stopped (${signal})`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      // One line, not a stack: EADDRINUSE, an unreadable file, a bad flag. Exit 2: the lab did not run, nothing failed.
      const error = e as NodeJS.ErrnoException;
      const where = error.code === "EADDRINUSE" ? " (another lab or server holds that address; two stand-ins on one address and port?)" : "";
      console.error(`lab: ${error instanceof Error ? error.message : String(e)}${where}`);
      process.exitCode = 2;
    },
  );
}
