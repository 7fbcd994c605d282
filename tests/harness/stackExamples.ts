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

/**
 * `d` with a second edge pool, edge2 (its own access edge, web conferencing and A/V names and addresses), and every
 * on-premises SIP domain pinned to the pool `poolOf` names: the base of the pool-move and shard tests. Changes `d`.
 */
export function withSecondEdgePool(d: Deployment, poolOf: (sipDomain: string) => "edge1" | "edge2"): Deployment {
  d.edgePools.push({
    name: "edge2",
    accessEdge: { fqdn: "access2.contoso.com", ipv4: ["198.51.100.40"] },
    webConferencing: { fqdn: "webcon2.contoso.com", ipv4: ["198.51.100.50"] },
    audioVideo: { fqdn: "av2.contoso.com", ipv4: ["198.51.100.60"] },
  });
  for (const s of d.sipDomains) if (s.home !== "online") s.edgePool = poolOf(s.name);
  return d;
}

/** The same deployment with every Azure part made `external` (records only reported, no gateway). */
export function withoutAzure(d: Deployment): Deployment {
  const out = structuredClone(d);
  out.zones = out.zones.map((z) => (z.provider === "azure" ? { provider: "external", name: z.name } : z));
  out.reverseProxy = { provider: "external" };
  return out;
}
