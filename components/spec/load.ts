/**
 * Reading the deployment spec from text: a Pulumi.<stack>.yaml (key `lync:deployment` under `config`), a file
 * holding `lync:deployment` at the top, or a standalone YAML/JSON document that is the spec itself. It reads a stack
 * file the way the Pulumi CLI and `config.requireObject` do, so that the plan CLI and the program agree on every file:
 * YAML merge keys (`<<`) are merged, and a config value given as a JSON string is parsed.
 */
import { parse } from "yaml";

export const CONFIG_KEY = "lync:deployment";
/** A stack of an estate names the estate's spec file (a path from the project directory) instead of holding the spec. */
export const ESTATE_KEY = "lync:estate";
/** The slice of the estate a stack registers (plan/shards.ts). */
export const SHARD_KEY = "lync:shard";
/** The CA's answers to the stack's CSRs, certificate id -> PEM (index.ts): what the certificates in service carry. */
export const ISSUED_KEY = "lync:issuedCertificates";

/** A value that is a JSON object or array written as a string (`pulumi config set lync:deployment '{...}'`). */
function fromJsonString(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // left as it is: validation reports a string where an object belongs
  }
}

export function extractDeployment(document: unknown): unknown {
  if (typeof document !== "object" || document === null) return document;
  const doc = document as Record<string, unknown>;
  const config = doc.config as Record<string, unknown> | undefined;
  if (config && typeof config === "object" && CONFIG_KEY in config) return fromJsonString(config[CONFIG_KEY]);
  if (CONFIG_KEY in doc) return fromJsonString(doc[CONFIG_KEY]);
  return doc;
}

/** Parses YAML (JSON is YAML), merge keys merged as the Pulumi CLI's YAML reader does, and returns the deployment. */
export function parseDeploymentText(text: string): unknown {
  return extractDeployment(parse(text, { merge: true }));
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

/** Reads a stack file's (or spec file's) settings; a stack names an estate file or holds the spec, never both. */
export function readStackSettings(text: string): StackSettings {
  const doc = parse(text, { merge: true }) as unknown;
  const config =
    typeof doc === "object" && doc !== null ? ((doc as Record<string, unknown>).config as Record<string, unknown> | undefined) : undefined;
  const value = (key: string) => {
    const v = config?.[key];
    if (v !== undefined && typeof v !== "string") throw new Error(`${key} must be a string, not ${JSON.stringify(v)}`);
    return v;
  };
  const estate = value(ESTATE_KEY);
  const shard = value(SHARD_KEY);
  if (estate !== undefined && config && CONFIG_KEY in config)
    throw new Error(`a stack names an estate file (${ESTATE_KEY}) or holds ${CONFIG_KEY}, not both`);
  const issued = fromJsonString(config?.[ISSUED_KEY]);
  return {
    ...(estate === undefined ? { deployment: extractDeployment(doc) } : { estate }),
    ...(shard === undefined ? {} : { shard }),
    ...(typeof issued === "object" && issued !== null ? { issuedCertificates: issued as Record<string, unknown> } : {}),
  };
}
