/**
 * The language tests' common ground (npm run test:languages, README "Other languages"): a lab engine whose PATH also
 * holds the lync provider plugin (plugin/pulumi-resource-lync), the toolchains of the other languages (found, never
 * built here: .ci/run builds them with `npm run languages`), and the provider resources a stack registered, read from
 * the engine's own state (`stack export`) so that every language is compared on the same terms.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { TestContext } from "node:test";
import { engineOrSkip, stackless } from "../engine/support";
import type { LabEngine } from "../../lab/engine";
import { findCodegen, findYamlHost } from "../../tools/languages";

const ROOT = path.join(__dirname, "..", "..");
/** The folder of the executable plugin `pulumi-resource-lync`. */
export const PLUGIN_DIR = path.join(ROOT, "plugin");
export const PLUGIN = path.join(PLUGIN_DIR, "pulumi-resource-lync");

/**
 * The lab engine with the lync plugin, the codegen plugins (gen-sdk) and the YAML host on PATH, or undefined and the
 * test skipped;
 * in CI a missing CLI or codegen plugin fails, as engineOrSkip does.
 */
export async function languageEngineOrSkip(t: TestContext): Promise<LabEngine | undefined> {
  const engine = await engineOrSkip(t, { plugins: true });
  const codegen = engine && toolOrSkip(t, "codegen plugins", findCodegen());
  if (!engine || !codegen) return undefined;
  // The YAML host's folder too when it is built (only the YAML example needs it, and checks for it).
  const yamlHost = findYamlHost();
  const dirs = [PLUGIN_DIR, codegen, ...(yamlHost ? [path.dirname(yamlHost)] : []), engine.env.PATH];
  return { ...engine, env: { ...engine.env, PATH: dirs.join(path.delimiter) } };
}

/** A toolchain that is there, or undefined and the test skipped; in CI a missing one fails (`npm run languages`). */
export function toolOrSkip(t: TestContext, what: string, found: string | undefined): string | undefined {
  if (found) return found;
  assert.notEqual(process.env.CI, "true", `no ${what}: .ci/run builds it with \`npm run languages\``);
  t.skip(`no ${what} yet: run \`npm run languages\` once (README "Other languages")`);
  return undefined;
}

/** Runs the engine's CLI with the lab's environment; fails the test with the CLI's output when it fails. */
export function cli(engine: LabEngine, args: readonly string[], cwd: string = engine.dir): string {
  const run = spawnSync(engine.cli.command, [...args, "--non-interactive"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...engine.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, `pulumi ${args.join(" ")}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** One resource a provider holds, as a program registered it. */
export interface RegisteredResource {
  readonly urn: string;
  readonly type: string;
  readonly inputs: unknown;
}

/** The state's marker of an encrypted secret (sdk/go/common/resource/sig). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const PEM = /-----BEGIN ([A-Z ]+)-----[^]*?-----END \1-----\n?/g;

/** Inputs that carry a write-only value's version: a hash of the key material each run's lab tls provider makes. */
const WRITE_ONLY_VERSION = /WoVersion$/;

/**
 * Values that differ from run to run whatever the program, each replaced by a placeholder that names what it was: a
 * secret's ciphertext, PEM blocks and the versions of write-only keys (each run's lab tls provider makes new keys), and
 * the id of another resource of the same state (the lab's cloud makes ids, e.g. a created Cloudflare zone's).
 */
export function runIndependent(value: unknown, ids: ReadonlyMap<string, string> = new Map(), key = ""): unknown {
  if (typeof value === "string") return ids.get(value) ?? value.replace(PEM, (_m, kind: string) => `[PEM ${kind}]`);
  if (typeof value === "number" && WRITE_ONLY_VERSION.test(key)) return "[write-only version]";
  if (Array.isArray(value)) return value.map((v) => runIndependent(v, ids));
  if (value && typeof value === "object") {
    if (SECRET_SIG in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, runIndependent(v, ids, k)]));
  }
  return value;
}

/** A checkpoint's `deployment` part, as `stack export` prints it and StateDeployment.deployment holds it. */
export interface Checkpoint {
  readonly resources?: ReadonlyArray<{ urn: string; type: string; custom?: boolean; id?: string; inputs?: unknown }>;
}

/** The provider resources (not components, not provider instances) of a checkpoint, by stack-less URN. */
export function registeredResources(checkpoint: Checkpoint): RegisteredResource[] {
  const resources = (checkpoint.resources ?? []).filter((r) => r.custom === true && !r.type.startsWith("pulumi:providers:"));
  const ids = new Map(resources.filter((r) => r.id).map((r) => [r.id!, `[id of ${stackless(r.urn)}]`]));
  return resources
    .map((r) => ({ urn: stackless(r.urn), type: r.type, inputs: runIndependent(r.inputs ?? {}, ids) }))
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}
