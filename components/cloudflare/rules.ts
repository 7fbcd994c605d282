/** Cloudflare rulesets for proxied lyncdiscover (issue 4). */
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec } from "../model/spec";
import type { Plan } from "../model/plan";
import type { ZoneHandles } from "../dnsRecords";

export function createCloudflareRules(_spec: DeploymentSpec, _plan: Plan, _zones: ZoneHandles, _parent: pulumi.Resource): void {
  // Nothing until issue 4 lands: no zone can ask for proxied lyncdiscover without it (validation).
}
