/**
 * Cloudflare rulesets for proxied lyncdiscover (issue 4): one zone entry-point ruleset per zone and phase, built
 * from the pure edgeRules.ts (which documents the SSL mode and the Always Use HTTPS interaction).
 *
 * The stack owns these entry points: rules someone added to the same phase by hand are replaced on the first
 * `pulumi up`. An existing entry point must be imported (`pulumi import`) or emptied first, else creation fails.
 */
import * as cloudflare from "@pulumi/cloudflare";
import type { DeploymentSpec } from "../spec/types";
import type { Plan } from "../plan/types";
import type { ZoneHandles } from "../deployment/records";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";
import { edgeRulesets } from "./edgeRules";

export function createCloudflareRules(_spec: DeploymentSpec, plan: Plan, zones: ZoneHandles, scope: ChildScope): void {
  for (const rs of edgeRulesets(plan)) {
    const zone = zones.cloudflare.get(rs.zone);
    if (!zone) throw new Error(`proxied records in ${rs.zone}, which is not a Cloudflare zone (validation rule S46)`);
    const local = `${rs.zone}/${rs.phase}`;
    new cloudflare.Ruleset(
      childName(scope, local),
      {
        zoneId: zone.zoneId,
        kind: "zone",
        phase: rs.phase,
        name: rs.name,
        description: rs.description,
        rules: rs.rules.map((r) => ({ ...r, enabled: true })),
      },
      // A second entry point for the same phase cannot exist beside the first: delete before replacing.
      { ...childOptions(scope, local), deleteBeforeReplace: true },
    );
  }
}
