/**
 * The base side of a review, run by the base's own code: a change to components/, index.ts or package-lock.json
 * changes what every stack registers without touching a stack file, so the base cannot be simulated with the head's
 * code and the base's config (issue 23). When a change touches more than stack and estate files, the base revision is
 * checked out into a temporary git worktree with its own dependencies (the head's node_modules where the base's
 * package-lock.json is byte-identical, else `npm ci` there, or the command in LYNC_BASE_INSTALL), and the base's own
 * tools/resourceExport.ts says what each of its stacks registers. Whatever stops that (a base that predates the export,
 * an install or export that fails, an unknown format) is said in `reason`, and the caller treats every stack as affected.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { RESOURCE_EXPORT_FORMAT, type ResourceExport } from "./resourceFormat";

/** The base's export entry, relative to the project directory. */
const EXPORT_ENTRY = "tools/resourceExport.ts";

/**
 * Files that never change what the program registers: documentation, the workflows, tests other than the harness
 * the review itself runs, the benchmarks. A change to these alone is reviewed as a config change.
 */
const INERT = [/\.md$/i, /^\.github\//, /^tests\/(?!harness\/)/, /^bench\//, /^LICENSE$/];

const git = (args: readonly string[], cwd = ".") => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Every file of the project directory that differs between `ref` and the working tree (untracked ones included). */
export function changedFiles(ref: string): string[] {
  const lines = (text: string) => text.split("\n").filter((l) => l !== "");
  const tracked = lines(git(["diff", "--name-only", "--relative", "--no-renames", ref, "--", "."]));
  const untracked = lines(git(["ls-files", "--others", "--exclude-standard", "--", "."]));
  return [...new Set([...tracked, ...untracked])].sort();
}

/**
 * The changed files that may change what a stack registers although they are no stack's config (`config`: every
 * stack and estate file, both sides): empty when the head's code can stand in for the base's.
 */
export function codeChanges(changed: readonly string[], config: ReadonlySet<string>): string[] {
  const stackFile = /^Pulumi\.[^/]+\.yaml$/;
  return changed.filter((f) => !config.has(f) && !stackFile.test(f) && !INERT.some((re) => re.test(f)));
}

export type BaseResources = { readonly ok: true; readonly export: ResourceExport } | { readonly ok: false; readonly reason: string };

/** The base's dependencies: the head's where the lockfiles are byte-identical, else installed in the worktree. */
function installBase(baseDir: string): string | undefined {
  const lock = "package-lock.json";
  const same = existsSync(lock) && existsSync(join(baseDir, lock)) && readFileSync(lock).equals(readFileSync(join(baseDir, lock)));
  if (same && existsSync("node_modules")) {
    symlinkSync(realpathSync("node_modules"), join(baseDir, "node_modules"), "dir");
    return undefined;
  }
  const command = process.env.LYNC_BASE_INSTALL ?? "npm ci --no-audit --no-fund";
  const r = spawnSync(command, { cwd: baseDir, shell: true, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) return `installing the base's dependencies failed (${command}: ${lastLine(r.stderr || r.stdout || String(r.error))})`;
  return undefined;
}

const isLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

const lastLine = (text: string) => text.trim().split("\n").pop() ?? "";

/** Runs the base's own export in its directory of the worktree. */
function exportBase(baseDir: string, examples: boolean): BaseResources {
  if (!existsSync(join(baseDir, EXPORT_ENTRY))) return { ok: false, reason: `the base predates ${EXPORT_ENTRY}` };
  let tsx: string;
  try {
    tsx = pathToFileURL(require.resolve("tsx", { paths: [baseDir] })).href;
  } catch {
    return { ok: false, reason: "the base's dependencies have no tsx" };
  }
  const out = join(baseDir, ".lync-base-resources.json");
  const args = ["--import", tsx, EXPORT_ENTRY, "--out", out, ...(examples ? ["--examples"] : [])];
  const r = spawnSync(process.execPath, args, { cwd: baseDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) return { ok: false, reason: `the base's ${EXPORT_ENTRY} failed (exit ${r.status}: ${lastLine(r.stderr)})` };
  const parsed = JSON.parse(readFileSync(out, "utf8")) as ResourceExport;
  if (parsed.format !== RESOURCE_EXPORT_FORMAT) return { ok: false, reason: `the base's export has format ${String(parsed.format)}` };
  return { ok: true, export: parsed };
}

/** What every stack of the base registers, by the base's own code and dependencies; the worktree is removed after. */
export function baseResources(ref: string, examples: boolean): BaseResources {
  const top = mkdtempSync(join(tmpdir(), "lync-base-"));
  const tree = join(top, "tree");
  try {
    try {
      git(["worktree", "add", "--detach", "--quiet", tree, ref]);
    } catch (e) {
      return { ok: false, reason: `git worktree add of ${ref} failed (${lastLine(String((e as { stderr?: string }).stderr ?? e))})` };
    }
    const baseDir = join(tree, git(["rev-parse", "--show-prefix"]).trim());
    const failed = installBase(baseDir);
    return failed === undefined ? exportBase(baseDir, examples) : { ok: false, reason: failed };
  } finally {
    // The link first: removing the worktree must not reach into the head's node_modules.
    const link = join(tree, git(["rev-parse", "--show-prefix"]).trim(), "node_modules");
    if (isLink(link)) unlinkSync(link);
    try {
      git(["worktree", "remove", "--force", tree]);
    } catch {
      // Not created, or already gone: prune below forgets it either way.
    }
    git(["worktree", "prune"]);
    rmSync(top, { recursive: true, force: true });
  }
}
