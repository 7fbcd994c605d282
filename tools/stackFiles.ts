/**
 * Reading a deployment the way the program (index.ts) does: a Pulumi.<stack>.yaml holding `lync:deployment`, a stack
 * of an estate (`lync:estate` names the spec file, `lync:shard` the slice), or a spec file itself; from the working
 * tree or from a git revision, so that a review can compare a pull request with its base.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { readStackSettings, parseDeploymentText } from "../components/model";

export type ReadText = (file: string) => string;

export const workingTree: ReadText = (file) => readFileSync(file, "utf8");

/** The file as it is at `ref` (e.g. origin/main); throws when it does not exist there. */
export function atRevision(ref: string): ReadText {
  const top = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
  return (file) => {
    return execFileSync("git", ["show", `${ref}:${relative(top, join(process.cwd(), file)).split("\\").join("/")}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 1 << 30,
    });
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

/** A stack or spec file's deployment; an estate file is read relative to the stack file (the project directory). */
export function readStackInput(file: string, read: ReadText = workingTree): StackInput {
  const settings = readStackSettings(read(file));
  const common = {
    ...(settings.shard === undefined ? {} : { shard: settings.shard }),
    ...(settings.issuedCertificates === undefined ? {} : { issuedCertificates: settings.issuedCertificates }),
  };
  if (settings.estate === undefined) return { input: settings.deployment, ...common };
  const estate = join(dirname(file), settings.estate);
  return { input: parseDeploymentText(read(estate)), estate, ...common };
}
