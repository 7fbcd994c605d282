/**
 * Reading a deployment the way the program (index.ts) does: a Pulumi.<stack>.yaml holding `lync:deployment`, a stack
 * of an estate (`lync:estate` names the spec file, `lync:shard` the slice), or a spec file itself; from the working
 * tree or from a git revision, so that a review can compare a pull request with its base.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import {
  readStackSettings,
  parseDeploymentText,
  validateDeployment,
  buildPlan,
  DeploymentValidationError,
  ESTATE_KEY,
  PROJECT_NAMESPACE,
  type DeploymentSpec,
  type Plan,
} from "../components/model";
import { projectFile, projectPathProblem, readSpecFile } from "../components/spec/files";
import { MAX_SPEC_BYTES, textSizeProblem } from "../components/spec/limits";
import { parseYamlText } from "../components/spec/text";

export type ReadText = (file: string) => string;

/** A file of the working tree, its size checked before it is read. */
export const workingTree: ReadText = (file) => readSpecFile(file);

/** The file as it is at `ref` (e.g. origin/main); throws when it does not exist there. */
export function atRevision(ref: string): ReadText {
  const top = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
  return (file) => {
    try {
      return execFileSync("git", ["show", `${ref}:${relative(top, join(process.cwd(), file)).split("\\").join("/")}`], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: MAX_SPEC_BYTES,
      });
    } catch (e) {
      // Larger than the limit: git's output was cut off at it (the size, then, is at least one byte more).
      if ((e as { code?: string }).code === "ENOBUFS")
        throw new DeploymentValidationError([textSizeProblem(MAX_SPEC_BYTES + 1, `${file} at ${ref}`)!]);
      throw e;
    }
  };
}

/** The file's text, or undefined where it does not exist (a stack new in the change). */
export function readIfPresent(read: ReadText, file: string): string | undefined {
  try {
    return read(file);
  } catch {
    return undefined;
  }
}

export interface StackInput {
  /** The deployment spec as written (not yet validated). */
  readonly input: unknown;
  /** The estate file, when the stack names one. */
  readonly estate?: string;
  readonly shard?: string;
  /** `lync:issuedCertificates` of the stack file (ONBOARD-ORDER: what the certificates in service carry). */
  readonly issuedCertificates?: Readonly<Record<string, unknown>>;
}

/**
 * The project's name, the namespace of its config keys (Pulumi.yaml beside the stack file; `lync` where there is none,
 * as for a spec file outside a project).
 */
export function projectName(root: string, read: ReadText = workingTree): string {
  const text = readIfPresent(read, join(root, "Pulumi.yaml"));
  const doc = text === undefined ? undefined : parseYamlText(text, "Pulumi.yaml");
  const name = typeof doc === "object" && doc !== null ? (doc as { name?: unknown }).name : undefined;
  return typeof name === "string" && name !== "" ? name : PROJECT_NAMESPACE;
}

/** A stack file's validated spec and its plan; undefined where it cannot be read or does not validate. */
export function validPlan(file: string, read: ReadText = workingTree): { spec: DeploymentSpec; plan: Plan } | undefined {
  try {
    const result = validateDeployment(readStackInput(file, read).input);
    return result.ok ? { spec: result.spec, plan: buildPlan(result.spec) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A stack or spec file's deployment, read as the engine and the program (index.ts) read it (components/spec/load.ts).
 * An estate file is read relative to the stack file's directory, the project directory, and only from inside it
 * (components/spec/files.ts); from a git revision the path rules apply and git itself follows no link.
 */
export function readStackInput(file: string, read: ReadText = workingTree): StackInput {
  const root = dirname(file);
  const settings = readStackSettings(read(file), projectName(root, read), file);
  const shard = {
    ...(settings.shard === undefined ? {} : { shard: settings.shard }),
    ...(settings.issuedCertificates === undefined ? {} : { issuedCertificates: settings.issuedCertificates }),
  };
  if (settings.estate === undefined) return { input: settings.deployment, ...shard };
  const problem = projectPathProblem(settings.estate, ESTATE_KEY);
  if (problem) throw new DeploymentValidationError([problem]);
  if (read === workingTree) projectFile(root, settings.estate, ESTATE_KEY);
  const estate = join(root, settings.estate);
  return { input: parseDeploymentText(read(estate), estate), estate, ...shard };
}

/** The stack files of the project directory: Pulumi.<stack>.yaml, or with `examples` Pulumi.<stack>.example.yaml. */
export function stackFiles(dir: string, examples: boolean): Array<{ stack: string; config: string }> {
  const pattern = examples ? /^Pulumi\.(.+)\.example\.yaml$/ : /^Pulumi\.(.+)\.yaml$/;
  return readdirSync(dir)
    .filter((f) => pattern.test(f) && (examples || !f.endsWith(".example.yaml")))
    .sort()
    .map((config) => ({ stack: pattern.exec(config)![1], config }));
}
