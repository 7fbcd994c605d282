/** Azure DNS adapter (issue 3). */
import * as pulumi from "@pulumi/pulumi";
import type { ZoneSpec } from "../model/spec";
import type { PlanRecord } from "../model/plan";

export interface AzureZoneHandle {
  readonly zoneName: pulumi.Output<string>;
  readonly resourceGroup: string;
  /** Set for zones the stack creates. */
  readonly nameServers?: pulumi.Output<string[]>;
}

export function createAzureZone(zone: Extract<ZoneSpec, { provider: "azure" }>, _parent: pulumi.Resource): AzureZoneHandle {
  // Existing zone: referenced by name, never managed. Zone creation for test stacks: issue 3.
  return { zoneName: pulumi.output(zone.name), resourceGroup: zone.resourceGroup };
}

export function createAzureRecordSets(records: readonly PlanRecord[], _zone: AzureZoneHandle, _parent: pulumi.Resource): void {
  if (records.length > 0) throw new Error("Azure DNS records are not implemented yet (issue 3)");
}
