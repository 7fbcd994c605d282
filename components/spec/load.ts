/**
 * Reading the deployment spec from text: a Pulumi.<stack>.yaml (key `lync:deployment` under `config`), a file
 * holding `lync:deployment` at the top, or a standalone YAML/JSON document that is the spec itself. It reads a stack
 * file the way the Pulumi engine hands it to the program, so that the plan CLI, the lab and the program (index.ts)
 * agree on every file: YAML merge keys (`<<`) are merged, a config value given as a JSON string is parsed, and a config
 * key without a namespace is the project's (Pulumi.yaml's `name`, `lync` here), as the engine reads stack files
 * (pulumi/pulumi sdk/go/common/workspace, TestLoadingStackConfigWithoutNamespacingTheProject).
 */
import { DeploymentValidationError } from "./problems";
import { parseYamlText } from "./text";
import { programConfigProblem } from "./limits";

/** The namespace of this project's config keys: the `name` in Pulumi.yaml, and the program's `new pulumi.Config("lync")`. */
export const PROJECT_NAMESPACE = "lync";
export const CONFIG_KEY = `${PROJECT_NAMESPACE}:deployment`;
/** A stack of an estate names the estate's spec file (a path from the project directory) instead of holding the spec. */
export const ESTATE_KEY = `${PROJECT_NAMESPACE}:estate`;
/** The slice of the estate a stack registers (plan/shards.ts). */
export const SHARD_KEY = `${PROJECT_NAMESPACE}:shard`;
/** The CA's answers to the stack's CSRs, certificate id -> PEM (index.ts): what the certificates in service carry. */
export const ISSUED_KEY = `${PROJECT_NAMESPACE}:issuedCertificates`;

/** A value that is a JSON object or array written as a string (`pulumi config set lync:deployment '{...}'`). */
function fromJsonString(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    // JSON is YAML: the same size, depth and error rules as a file.
    return parseYamlText(value, CONFIG_KEY);
  } catch (e) {
    // Over a limit: that problem. Not parsable: left as it is, validation reports a string where an object belongs.
    if (e instanceof DeploymentValidationError && e.problems.some((p) => p.rule === "LIMIT")) throw e;
    return value;
  }
}

const fail = (message: string) => new DeploymentValidationError([{ path: "", rule: "SCHEMA", message }]);

/**
 * A stack file's `config:` as the engine passes it to the program: `key` is `<project>:key`, and the old
 * `<ns>:config:<key>` form is `<ns>:<key>`. Two spellings of one key are refused (which would the engine take?).
 */
export function namespacedConfig(config: Readonly<Record<string, unknown>>, project = PROJECT_NAMESPACE): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [raw, value] of Object.entries(config)) {
    const parts = raw.split(":");
    const key = parts.length === 1 ? `${project}:${raw}` : parts.length === 3 && parts[1] === "config" ? `${parts[0]}:${parts[2]}` : raw;
    if (Object.hasOwn(out, key)) throw fail(`config key ${key} is given twice (one spelling with, one without its namespace)`);
    out[key] = value;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function extractDeployment(document: unknown, project = PROJECT_NAMESPACE): unknown {
  if (!isObject(document)) return document;
  if (isObject(document.config)) {
    const config = namespacedConfig(document.config, project);
    if (CONFIG_KEY in config) return fromJsonString(config[CONFIG_KEY]);
  }
  if (CONFIG_KEY in document) return fromJsonString(document[CONFIG_KEY]);
  return document;
}

/** Parses YAML (JSON is YAML), merge keys merged as the Pulumi CLI's YAML reader does, and returns the deployment. */
export function parseDeploymentText(text: string, what = "the spec"): unknown {
  return extractDeployment(parseYamlText(text, what));
}

/** What a Pulumi.<stack>.yaml says about the deployment: the spec itself, or an estate file and a shard. */
export interface StackSettings {
  /** The spec held in the stack file (`lync:deployment`), or the document itself when it is a spec file. */
  readonly deployment?: unknown;
  /** `lync:estate`: the estate spec file, relative to the project directory. */
  readonly estate?: string;
  /** `lync:shard`. */
  readonly shard?: string;
  /** `lync:issuedCertificates`: certificate id -> PEM, as the program reads them (ONBOARD-ORDER). */
  readonly issuedCertificates?: Readonly<Record<string, unknown>>;
}

/**
 * The stack's settings from its config as the program receives it (namespaced keys; values as the engine passes them,
 * an object possibly as its JSON text). The one reading of `lync:deployment`, `lync:estate` and `lync:shard` that
 * the program and the review share; a stack names an estate file or holds the spec, never both.
 */
export function settingsFromConfig(config: Readonly<Record<string, unknown>>): StackSettings {
  const text = (key: string) => {
    const v = config[key];
    if (v !== undefined && typeof v !== "string") throw fail(`${key} must be a string, not ${Array.isArray(v) ? "a list" : typeof v}`);
    return v;
  };
  const estate = text(ESTATE_KEY);
  const shard = text(SHARD_KEY);
  const deployment = config[CONFIG_KEY];
  if (estate !== undefined && deployment !== undefined) throw fail(`a stack names an estate file (${ESTATE_KEY}) or holds ${CONFIG_KEY}, not both`);
  const issued = fromJsonString(config[ISSUED_KEY]);
  return {
    ...(estate === undefined ? { deployment: fromJsonString(deployment) } : { estate }),
    ...(shard === undefined ? {} : { shard }),
    ...(typeof issued === "object" && issued !== null ? { issuedCertificates: issued as Record<string, unknown> } : {}),
  };
}

/** Reads a stack file's (or spec file's) settings, keys namespaced as the engine does for `project`. */
export function readStackSettings(text: string, project = PROJECT_NAMESPACE, what = "the stack file"): StackSettings {
  const doc = parseYamlText(text, what);
  if (isObject(doc) && isObject(doc.config)) {
    const tooLarge = programConfigProblem(doc.config, what);
    if (tooLarge) throw new DeploymentValidationError([tooLarge]);
    const config = namespacedConfig(doc.config, project);
    if (CONFIG_KEY in config || ESTATE_KEY in config) return settingsFromConfig(config);
    return { deployment: doc, ...settingsFromConfig({ [SHARD_KEY]: config[SHARD_KEY] }) };
  }
  return { deployment: extractDeployment(doc, project) };
}
