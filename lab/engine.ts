/**
 * The real engine against the lab: a stack of this repository's program (index.ts, run as an Automation API inline
 * program, so no Node language host is needed) in a local file backend, deployed by the pinned Pulumi CLI with the
 * lab's provider plugins on PATH. What `pulumi up` creates lands in the lab's cloud (providers/cloud.ts), which the
 * lab's servers then serve.
 *
 * Everything lives under one directory: `state/` (the file backend), `cloud/` (the lab's cloud), `home/`
 * (PULUMI_HOME, so a user's own ~/.pulumi is never touched).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { PROJECT_PROGRAM } from "../tests/harness/changeSimulation";
import { programFromModule } from "../tests/harness/capture";
import { CONFIG_KEY } from "../components/spec/load";
import { LAB_CLOUD_ENV, cloudResources } from "./providers/cloud";
import type { LabResource } from "../tests/harness/resources";
import type { PulumiCli } from "../tools/toolchain";

/** The folder whose pulumi-resource-* scripts stand in for the provider plugins. */
export const LAB_PLUGINS = path.join(__dirname, "providers", "plugins");
/** The project name of the stacks (Pulumi.yaml): config keys are `lync:*`. */
const PROJECT = "lync";
/** The passphrase of the lab's secrets provider: the lab's state holds only lab keys. */
const PASSPHRASE = "lab";

export interface LabEngine {
  readonly cli: PulumiCommand;
  /** Where the backend, the cloud and PULUMI_HOME live. */
  readonly dir: string;
  readonly cloudDir: string;
  /** The environment every CLI run gets (offline, lab plugins first on PATH). */
  readonly env: Record<string, string>;
}

/** The Automation API's handle on a found CLI: its install root is the parent of the binary's bin/ directory. */
export function pulumiCommand(cli: PulumiCli): Promise<PulumiCommand> {
  return PulumiCommand.get({ root: path.dirname(path.dirname(cli.command)) });
}

/** A lab engine in `dir` (made if missing) that runs `cli`. */
export function labEngine(cli: PulumiCommand, dir: string): LabEngine {
  const cloudDir = path.join(dir, "cloud");
  for (const sub of ["state", "cloud", "home"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const env = {
    PATH: [LAB_PLUGINS, path.dirname(cli.command), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    [LAB_CLOUD_ENV]: cloudDir,
  };
  return { cli, dir, cloudDir, env };
}

/** Stack config from a deployment spec and further `lync:<key>` values (secrets marked). */
export function stackConfig(deployment: unknown, extra: Readonly<Record<string, { value: string; secret?: boolean }>> = {}): ConfigMap {
  const config: ConfigMap = { [CONFIG_KEY]: { value: JSON.stringify(deployment) } };
  for (const [key, v] of Object.entries(extra)) config[`${PROJECT}:${key}`] = v;
  return config;
}

/**
 * The stack `name` of this repository's program (or `program`), with `config` set in full (keys not in it are
 * removed, so a stack's config is exactly what the caller gives).
 */
export async function labStack(
  engine: LabEngine,
  name: string,
  config: ConfigMap,
  program: () => unknown = programFromModule(PROJECT_PROGRAM),
): Promise<Stack> {
  const workDir = path.join(engine.dir, "work", name);
  fs.mkdirSync(workDir, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: PROJECT, program: async () => (await program()) as Record<string, unknown> },
    {
      workDir,
      pulumiCommand: engine.cli,
      envVars: engine.env,
      projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: engine.env.PULUMI_BACKEND_URL } },
    },
  );
  await setStackConfig(stack, config);
  return stack;
}

/**
 * Sets the config of a lab stack to exactly `config`. Plain values are written to the stack's settings file
 * (Pulumi.<stack>.yaml, where `pulumi config set` writes them and the engine reads them); only secret values go through
 * the CLI, which encrypts them with the stack's key. Every CLI run costs 0.15 s of CPU only to start, and reading the
 * config back (`config --show-secrets`, to remove keys no longer given) derives the passphrase key too: the engine
 * tests set a stack's config about 80 times.
 */
export async function setStackConfig(stack: Stack, config: ConfigMap): Promise<void> {
  const entries = Object.entries(config);
  // An existing stack selected in a new directory (a renamed one) has no settings file yet: the CLI writes it, with the
  // stack's encryption salt, and the config with it.
  const settings = await stack.workspace.stackSettings(stack.name).catch(() => undefined);
  if (settings === undefined) return stack.setAllConfig(config);
  const plain = Object.fromEntries(entries.filter(([, v]) => !v.secret).map(([k, v]) => [k, v.value]));
  await stack.workspace.saveStackSettings(stack.name, { ...settings, config: plain });
  const secrets = entries.filter(([, v]) => v.secret);
  if (secrets.length > 0) await stack.setAllConfig(Object.fromEntries(secrets));
}

/** What the lab's cloud holds now, as the lab's servers read it. */
export function deployedResources(engine: LabEngine): LabResource[] {
  return cloudResources(engine.cloudDir);
}
