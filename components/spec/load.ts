/**
 * Reading the deployment spec from text: a Pulumi.<stack>.yaml (key `lync:deployment` under `config`), a file
 * holding `lync:deployment` at the top, or a standalone YAML/JSON document that is the spec itself. It reads a stack
 * file the way the Pulumi CLI and `config.requireObject` do, so that the plan CLI and the program agree on every file:
 * YAML merge keys (`<<`) are merged, and a config value given as a JSON string is parsed.
 */
import { parse } from "yaml";

export const CONFIG_KEY = "lync:deployment";

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
