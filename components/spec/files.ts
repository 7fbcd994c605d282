/**
 * Files a stack config names (`lync:estate`), read only from inside the project directory. A pull request can change a
 * stack file, and the review job reads what it names: so no absolute path, no `..`, no hidden file or directory
 * (`.git/config`, `.env`), only a spec file (.yaml, .yml, .json), and no symbolic link that leads out of the project.
 * The size is checked before the file is read (limits.ts).
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { DeploymentValidationError, type Problem } from "./problems";
import { textSizeProblem } from "./limits";

const SPEC_EXTENSIONS = /\.(ya?ml|json)$/i;

const refused = (key: string, name: string, why: string): Problem => ({
  path: "",
  rule: "PATH",
  subject: key,
  message: `${key} names ${JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}...` : name)}, ${why}: name a spec file inside the project directory`,
});

/** Why a path named in the config is refused before any file is touched (undefined: it may be read). */
export function projectPathProblem(name: string, key: string): Problem | undefined {
  if (name === "" || name.includes("\0")) return refused(key, name, "which is no file name");
  if (isAbsolute(name) || /^[a-z]:/i.test(name) || name.startsWith("\\")) return refused(key, name, "an absolute path");
  const segments = name.split(/[\\/]/);
  if (segments.includes("..")) return refused(key, name, "a path that climbs out with '..'");
  if (segments.some((s) => s.startsWith(".") && s !== ".")) return refused(key, name, "a hidden file or directory (.git, .env, ...)");
  if (!SPEC_EXTENSIONS.test(name)) return refused(key, name, "which is not a .yaml, .yml or .json file");
  return undefined;
}

/** The file `name` (from the config key `key`) under `root`; throws a DeploymentValidationError if it is refused. */
export function projectFile(root: string, name: string, key: string): string {
  const problem = projectPathProblem(name, key);
  if (problem) throw new DeploymentValidationError([problem]);
  const file = resolve(root, name);
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return file; // it does not exist: reading it says so
  }
  const inside = relative(realpathSync(root), real);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new DeploymentValidationError([refused(key, name, "a symbolic link that leads out of the project")]);
  }
  return file;
}

/** A file's text, its size checked before it is read. */
export function readSpecFile(file: string): string {
  const problem = textSizeProblem(statSync(file).size, file);
  if (problem) throw new DeploymentValidationError([problem]);
  return readFileSync(file, "utf8");
}

/** The text of the file a config key names, read from inside `root` (the project directory). */
export function readProjectFile(root: string, name: string, key: string): string {
  return readSpecFile(projectFile(root, name, key));
}
