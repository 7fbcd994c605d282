/**
 * The Pulumi CLI this project runs: the one on PATH when it is at least the pinned version, otherwise the pinned CLI
 * built once from the Go module proxy (toolchain/go.mod names the versions, toolchain/go.sum pins them) into a cache
 * outside the work tree (`$XDG_CACHE_HOME/pulumi-lync`, default ~/.cache/pulumi-lync) and reused from then on.
 * No binary is downloaded: `go build` compiles the CLI from its modules.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const TOOLCHAIN_DIR = path.join(__dirname, "..", "toolchain");
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
/** The ldflag the release builds set; without it the CLI reports v0.0.0 and the Automation API refuses it. */
const VERSION_FLAG = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

/** The pinned CLI version, from the one place that names it: toolchain/go.mod's requirement of pkg/v3. */
export function pinnedVersion(goMod = fs.readFileSync(path.join(TOOLCHAIN_DIR, "go.mod"), "utf8")): string {
  const match = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)\b/.exec(goMod);
  if (!match) throw new Error("toolchain/go.mod requires no github.com/pulumi/pulumi/pkg/v3 version");
  return match[1];
}

/** a >= b for plain x.y.z versions. */
export function atLeast(a: string, b: string): boolean {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] > pb[i];
  return true;
}

/** Where the pinned CLI is cached: `<cache>/pulumi-v<version>/bin/pulumi` (the layout PulumiCommand.get expects). */
export function cacheRoot(version: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-lync", `pulumi-v${version}`);
}

export interface PulumiCli {
  /** The executable. */
  readonly command: string;
  /** Its version, x.y.z. */
  readonly version: string;
  /** Where it came from: the user's PATH, the cache, or a build just now. */
  readonly source: "PATH" | "cache" | "built";
}

/** The version `pulumi version` prints (v3.248.0 -> 3.248.0), or undefined when it does not run. */
function versionOf(command: string): string | undefined {
  const run = spawnSync(command, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  return run.status === 0 ? /v?(\d+\.\d+\.\d+)/.exec(run.stdout)?.[1] : undefined;
}

/** The CLI to use without building anything, or undefined. */
export function findPulumi(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
  const pinned = pinnedVersion();
  const onPath = versionOf("pulumi");
  if (onPath !== undefined && atLeast(onPath, pinned)) {
    const command = execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
    return { command, version: onPath, source: "PATH" };
  }
  const cached = path.join(cacheRoot(pinned, env), "bin", "pulumi");
  return fs.existsSync(cached) && versionOf(cached) === pinned ? { command: cached, version: pinned, source: "cache" } : undefined;
}

/** Whether a Go toolchain is on PATH to build the CLI with. */
export function hasGo(): boolean {
  return spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
}

/**
 * Builds the pinned CLI into the cache as the release builds do (CGO off, tags osusergo and grpcnotrace, the version
 * stamped), writing to a temporary name first so that an interrupted build never leaves a broken CLI behind.
 */
export function buildPulumi(log: (line: string) => void = (l) => console.error(l), env: NodeJS.ProcessEnv = process.env): PulumiCli {
  const version = pinnedVersion();
  const bin = path.join(cacheRoot(version, env), "bin");
  fs.mkdirSync(bin, { recursive: true });
  const target = path.join(bin, "pulumi");
  const partial = `${target}.${process.pid}.partial`;
  log(`pulumi: building the Pulumi CLI v${version} from Go modules into ${bin} (once; docs/lab.md "The engine")`);
  const run = spawnSync(
    "go",
    ["build", "-tags", "osusergo,grpcnotrace", "-ldflags", `-s -w -X ${VERSION_FLAG}=v${version}`, "-o", partial, CLI_PACKAGE],
    { cwd: TOOLCHAIN_DIR, stdio: ["ignore", "inherit", "inherit"], env: { ...env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" } },
  );
  if (run.status !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`go build of the Pulumi CLI v${version} failed (exit ${run.status ?? run.signal})`);
  }
  fs.renameSync(partial, target);
  return { command: target, version, source: "built" };
}

/** LYNC_PULUMI_BUILD=never: use a CLI that is there, never build one (the tests: a build takes minutes). */
export const NO_BUILD_ENV = "LYNC_PULUMI_BUILD";

/** The CLI to use, built when none can be found; `missing` says why none can be had. */
export function ensurePulumi(log?: (line: string) => void, env: NodeJS.ProcessEnv = process.env): PulumiCli | { missing: string } {
  const found = findPulumi(env);
  if (found) return found;
  const none = `no Pulumi CLI v${pinnedVersion()} or later on PATH or in the cache`;
  if (env[NO_BUILD_ENV] === "never") return { missing: `${none}, and ${NO_BUILD_ENV}=never` };
  if (!hasGo()) return { missing: `${none}, and no Go toolchain to build it` };
  return buildPulumi(log, env);
}
