/** Deployments for the lifecycle tests, derived from the shipped stack examples. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { extractDeployment } from "../../components/spec/load";
import type { DeploymentInput } from "../../components/spec/types";
import { parse } from "yaml";

export const ROOT = path.join(__dirname, "..", "..");

type Deployment = DeploymentInput;

/** The `lync:deployment` object of a stack file, as plain (mutable) data, typed as what a user writes. */
export function loadDeployment(file: string): Deployment {
  return structuredClone(extractDeployment(parse(readFileSync(path.join(ROOT, file), "utf8")))) as Deployment;
}

/** The same deployment with every Azure part made `external` (records only reported, no gateway). */
export function withoutAzure(d: Deployment): Deployment {
  const out = structuredClone(d);
  out.zones = out.zones.map((z) => (z.provider === "azure" ? { provider: "external", name: z.name } : z));
  out.reverseProxy = { provider: "external" };
  return out;
}
