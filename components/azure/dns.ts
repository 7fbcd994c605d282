/**
 * Azure DNS adapter (issue 3): plan records -> `azure-native:dns:RecordSet`, one per (zone, name, type); zones the
 * stack owns (`create: true`, test stacks) -> `azure-native:dns:Zone`. Existing zones are only referenced by name:
 * the stack never creates, changes or deletes them. The mapping itself is pure (recordSets.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as dns from "@pulumi/azure-native/dns";
import { Provider } from "@pulumi/azure-native/provider";
import type { ZoneSpec } from "../spec/types";
import type { PlanRecord } from "../plan/types";
import { recordAliases, type RecordParents } from "../deployment/recordOwners";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";
import { azureRecordSets, recordSetBody } from "./recordSets";

export interface AzureZoneHandle {
  readonly zoneName: pulumi.Output<string>;
  readonly resourceGroup: string;
  /** Set for zones the stack creates. */
  readonly nameServers?: pulumi.Output<string[]>;
  /** The explicit provider of the zone's own subscription (`subscriptionId`), made on first use. */
  readonly provider?: () => pulumi.ProviderResource;
}

/**
 * One explicit azure-native provider per subscription that zones name, made when the first resource needs it, so a
 * shard's stack holds only the providers of its own zones. Explicit providers read no `azure-native:*` stack config:
 * they take their credentials from the ARM_* environment (docs/provider-notes.md A.8).
 */
export function subscriptionProviders(scope: ChildScope): (subscriptionId: string) => pulumi.ProviderResource {
  const made = new Map<string, pulumi.ProviderResource>();
  return (subscriptionId) => {
    const id = subscriptionId.toLowerCase();
    let provider = made.get(id);
    if (!provider) {
      const local = `azure-native-${id}`;
      made.set(id, (provider = new Provider(childName(scope, local), { subscriptionId: id }, { parent: scope.parent })));
    }
    return provider;
  };
}

/**
 * The handle of an Azure zone; `owned` says whether this stack creates it (a zone with `create: true` belongs to the
 * infra shard only: plan/shards.ts). Other stacks reference it by name, as they do existing zones.
 */
export function createAzureZone(
  zone: Extract<ZoneSpec, { provider: "azure" }>,
  scope: ChildScope,
  owned: boolean,
  providerOf: (subscriptionId: string) => pulumi.ProviderResource,
): AzureZoneHandle {
  const sub = zone.subscriptionId;
  const provider = sub === undefined ? undefined : () => providerOf(sub);
  if (!zone.create || !owned) return { zoneName: pulumi.output(zone.name), resourceGroup: zone.resourceGroup, provider };
  // Public zones are global resources: location "global" (the only value Azure DNS accepts).
  const created = new dns.Zone(
    childName(scope, zone.name),
    { zoneName: zone.name, resourceGroupName: zone.resourceGroup, location: "global", zoneType: "Public" },
    { ...childOptions(scope, zone.name), ...(provider ? { provider: provider() } : {}) },
  );
  return {
    // The name is known; taking it through the zone's id makes every record set wait for the zone.
    zoneName: created.id.apply(() => zone.name),
    resourceGroup: zone.resourceGroup,
    nameServers: created.nameServers,
    provider,
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
        ...recordSetBody(set),
      },
      {
        parent: scope.parent,
        ...(zone.provider ? { provider: zone.provider() } : {}),
        // A <-> CNAME: delete the old set first (Azure: 409 Conflict otherwise; recordSets.ts explains the aliases).
        deleteBeforeReplace: true,
        replaceOnChanges: ["recordType"],
        // The other type's name (A <-> CNAME), the 0.1 names, the other owner (shared <-> tenant, records.ts).
        aliases: recordAliases(scope, set.logicalName, set.aliases, set.recordType),
      },
    );
  }
}
