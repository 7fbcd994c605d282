/**
 * Reading the deployment spec from text: a Pulumi.<stack>.yaml (key `lync:deployment` under `config`), a file
 * holding `lync:deployment` at the top, or a standalone YAML/JSON document that is the spec itself.
 */
import { parse } from "yaml";

export const CONFIG_KEY = "lync:deployment";

export function extractDeployment(document: unknown): unknown {
  if (typeof document !== "object" || document === null) return document;
  const doc = document as Record<string, unknown>;
  const config = doc.config as Record<string, unknown> | undefined;
  if (config && typeof config === "object" && CONFIG_KEY in config) return config[CONFIG_KEY];
  if (CONFIG_KEY in doc) return doc[CONFIG_KEY];
  return doc;
}

/** Parses YAML (JSON is YAML) and returns the deployment part. */
export function parseDeploymentText(text: string): unknown {
  return extractDeployment(parse(text));
}
