/**
 * Azure DNS adapter (issue 3): plan records -> `azure-native:dns:RecordSet`, one per (zone, name, type); zones the
 * stack owns (`create: true`, test stacks) -> `azure-native:dns:Zone`. Existing zones are only referenced by name:
 * the stack never creates, changes or deletes them. The mapping itself is pure (recordSets.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as dns from "@pulumi/azure-native/dns";
import type { ZoneSpec } from "../spec/schema";
import type { PlanRecord } from "../plan/types";
import { recordAliases, type RecordParents } from "../deployment/recordOwners";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";
import { azureRecordSets } from "./recordSets";

export interface AzureZoneHandle {
  readonly zoneName: pulumi.Output<string>;
  readonly resourceGroup: string;
  /** Set for zones the stack creates. */
  readonly nameServers?: pulumi.Output<string[]>;
}

export function createAzureZone(zone: Extract<ZoneSpec, { provider: "azure" }>, scope: ChildScope): AzureZoneHandle {
  if (!zone.create) return { zoneName: pulumi.output(zone.name), resourceGroup: zone.resourceGroup };
  // Public zones are global resources: location "global" (the only value Azure DNS accepts).
  const created = new dns.Zone(
    childName(scope, zone.name),
    { zoneName: zone.name, resourceGroupName: zone.resourceGroup, location: "global", zoneType: "Public" },
    childOptions(scope, zone.name),
  );
  return {
    // The name is known; taking it through the zone's id makes every record set wait for the zone.
    zoneName: created.id.apply(() => zone.name),
    resourceGroup: zone.resourceGroup,
    nameServers: created.nameServers,
  };
}

/** Registers the records (all in the handle's zone, all of one owner) as record sets under `parent`. */
export function createAzureRecordSets(records: readonly PlanRecord[], zone: AzureZoneHandle, scope: RecordParents): void {
  if (records.length === 0) return;
  for (const set of azureRecordSets(records, records[0].zone)) {
    new dns.RecordSet(
      childName(scope, set.logicalName),
      {
        resourceGroupName: zone.resourceGroup,
        zoneName: zone.zoneName,
        // Always set: left out, the provider would auto-name the set (docs/provider-notes.md 3.7).
        relativeRecordSetName: set.relativeRecordSetName,
        recordType: set.recordType,
        ttl: set.ttl,
        ...(set.aRecords ? { aRecords: set.aRecords.map((r) => ({ ...r })) } : {}),
        ...(set.aaaaRecords ? { aaaaRecords: set.aaaaRecords.map((r) => ({ ...r })) } : {}),
        ...(set.cnameRecord ? { cnameRecord: { ...set.cnameRecord } } : {}),
        ...(set.srvRecords ? { srvRecords: set.srvRecords.map((r) => ({ ...r })) } : {}),
        metadata: { ...set.metadata },
      },
      {
        parent: scope.parent,
        // A <-> CNAME: delete the old set first (Azure: 409 Conflict otherwise; recordSets.ts explains the aliases).
        deleteBeforeReplace: true,
        replaceOnChanges: ["recordType"],
        // The other type's name (A <-> CNAME), the 0.1 names, the other owner (shared <-> tenant, records.ts).
        aliases: recordAliases(scope, set.logicalName, set.aliases, set.recordType),
      },
    );
  }
}
