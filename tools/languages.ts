/**
 * The toolchains of the other-language examples (README "Other languages"), next to the pinned CLI in its cache
 * (tools/toolchain.ts), each built once from registries:
 * - a Python venv with the pinned `pulumi` SDK (examples/python/requirements.txt);
 * - pulumi-language-yaml, the YAML language host, from the Go module proxy (toolchain/yaml/go.mod);
 * - pulumi-lync-codegen (toolchain/codegen), installed as pulumi-language-python and pulumi-language-go in a folder of
 *   its own: `pulumi package gen-sdk` asks a language plugin to generate, and neither real plugin's module is served.
 * The Go example needs only Go. `npm run languages` builds what is missing; the tests only look.
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheRoot, hasGo, pinnedVersion, TOOLCHAIN_DIR } from "./toolchain";
import { runMain } from "./exit";

const ROOT = path.join(__dirname, "..");
export const PYTHON_REQUIREMENTS = path.join(ROOT, "examples", "python", "requirements.txt");
const YAML_MODULE = path.join(TOOLCHAIN_DIR, "yaml");
const CODEGEN_MODULE = path.join(TOOLCHAIN_DIR, "codegen");
/** The languages whose SDKs the codegen plugin generates, each a name it is installed under. */
const CODEGEN_LANGUAGES = ["python", "go"] as const;
/** The folder of the codegen plugin: only the language tests put it on PATH (it runs no program). */
export const codegenDir = (env: NodeJS.ProcessEnv = process.env) =>
  path.join(cacheDir(`codegen-${contentHash(moduleFiles(CODEGEN_MODULE))}`, env), "bin");
const YAML_HOST_PACKAGE = "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml";
/** A short hash of the files that decide a build: a change to any of them makes a new cache folder, a new build. */
function contentHash(files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(fs.readFileSync(file));
  return hash.digest("hex").slice(0, 12);
}
const moduleFiles = (dir: string) => ["go.mod", "go.sum", ...fs.readdirSync(dir).filter((f) => f.endsWith(".go"))].map((f) => path.join(dir, f));
/** `<cache>/pulumi-lync/<name>`, beside the CLI's folder. */
const cacheDir = (name: string, env: NodeJS.ProcessEnv) => path.join(path.dirname(cacheRoot(pinnedVersion(), env)), name);

/** Where the YAML host lands; the language tests put its folder on PATH (tests/languages/support.ts). */
export const yamlHostPath = (env: NodeJS.ProcessEnv = process.env) =>
  path.join(cacheDir(`yaml-${contentHash(moduleFiles(YAML_MODULE))}`, env), "bin", "pulumi-language-yaml");

/** The venv of the pinned requirements: named by their hash, so a change of pins makes a new one. */
export function pythonVenv(env: NodeJS.ProcessEnv = process.env): string {
  return cacheDir(`python-${contentHash([PYTHON_REQUIREMENTS])}`, env);
}
export const venvPython = (venv: string) => path.join(venv, "bin", "python");

/** The venv's interpreter when it is complete (the marker is written last), else undefined. */
export function findPython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const venv = pythonVenv(env);
  return fs.existsSync(path.join(venv, "complete")) ? venvPython(venv) : undefined;
}

/** The YAML language host when built, else undefined. */
export function findYamlHost(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const host = yamlHostPath(env);
  return fs.existsSync(host) ? host : undefined;
}

/** The codegen plugin's folder when it is complete (every language's name in place), else undefined. */
export function findCodegen(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = codegenDir(env);
  return CODEGEN_LANGUAGES.every((l) => fs.existsSync(path.join(dir, `pulumi-language-${l}`))) ? dir : undefined;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const r = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"], ...options });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

/** Makes the venv from scratch (python3 -m venv, then exactly the pinned packages, no resolver). */
export function ensurePython(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const found = findPython(env);
  if (found) return found;
  const venv = pythonVenv(env);
  log(`languages: a Python venv with ${path.relative(ROOT, PYTHON_REQUIREMENTS)} into ${venv}`);
  fs.rmSync(venv, { recursive: true, force: true });
  run("python3", ["-m", "venv", venv]);
  run(venvPython(venv), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r", PYTHON_REQUIREMENTS]);
  fs.writeFileSync(path.join(venv, "complete"), "");
  return venvPython(venv);
}

/** Go's build of `pkg` in `module` to `target`, as the CLI is built (CGO off, same tags), through a partial file. */
function goBuild(module: string, pkg: string, target: string, env: NodeJS.ProcessEnv): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    run("go", ["build", "-tags", "osusergo,grpcnotrace", "-ldflags", "-s -w", "-o", partial, pkg], {
      cwd: module,
      env: { ...env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
    });
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  fs.renameSync(partial, target);
}

/** Builds the codegen plugin (it shares the CLI's modules and compiled packages) and names it for each language. */
export function ensureCodegen(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const found = findCodegen(env);
  if (found) return found;
  const dir = codegenDir(env);
  log(`languages: building pulumi-lync-codegen (gen-sdk for ${CODEGEN_LANGUAGES.join(", ")}) into ${dir} (once)`);
  goBuild(CODEGEN_MODULE, ".", path.join(dir, "pulumi-lync-codegen"), env);
  for (const language of CODEGEN_LANGUAGES) {
    const link = path.join(dir, `pulumi-language-${language}`);
    fs.rmSync(link, { force: true });
    fs.symlinkSync("pulumi-lync-codegen", link);
  }
  return dir;
}

/** Builds pulumi-language-yaml (its own Pulumi module versions: a build of its own, minutes cold). */
export function ensureYamlHost(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const found = findYamlHost(env);
  if (found) return found;
  const target = yamlHostPath(env);
  log(`languages: building pulumi-language-yaml from Go modules into ${path.dirname(target)} (once)`);
  goBuild(YAML_MODULE, YAML_HOST_PACKAGE, target, env);
  return target;
}

if (require.main === module) {
  runMain("languages", () => {
    const log = (line: string) => console.error(line);
    console.log(`python: ${ensurePython(log)}`);
    if (!hasGo()) throw new Error("languages: no Go toolchain for pulumi-lync-codegen and pulumi-language-yaml (Go 1.25 or later)");
    console.log(`codegen plugins: ${ensureCodegen(log)}`);
    console.log(`pulumi-language-yaml: ${ensureYamlHost(log)}`);
  });
}
