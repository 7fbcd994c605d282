/**
 * Azure Private DNS adapter for the internal view (plan.internal, provider azurePrivate): `privatedns.PrivateZone` per
 * internal zone, a `VirtualNetworkLink` per zone and virtual network (no auto-registration: the zones hold the plan's
 * records only), and `PrivateRecordSet`s mapped like the public ones (recordSets.ts). A zone is registered by its
 * owner (plan/rules/internalDns.ts internalZoneOwners): a tenant's own zones under its SipDomain, so they come and go
 * with the tenant and live in its shard's stack; the rest under the deployment. Names: `internal/<zone>/...`, so the
 * internal `contoso.com` of a split-brain view never meets the public one's.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as privatedns from "@pulumi/azure-native/privatedns";
import type { DeploymentSpec, InternalDnsSpec } from "../spec/types";
import { groupBy, type Plan, type PlanRecord } from "../plan/types";
import { internalZoneOwners } from "../plan/rules/internalDns";
import { childName } from "../deployment/childNames";
import { recordAliases, type RecordParents } from "../deployment/recordOwners";
import { azureRecordSets, recordSetBody } from "./recordSets";

type AzurePrivate = Extract<InternalDnsSpec["provider"], { provider: "azurePrivate" }>;

export interface PrivateZoneHandle {
  readonly zoneName: pulumi.Output<string>;
  readonly resourceGroup: string;
}

/** A link's name: the network's name and a hash of its whole id (two networks of one name in two groups differ). */
export function linkName(virtualNetworkId: string): string {
  const vnet = virtualNetworkId.split("/").pop()!;
  return `${vnet}-${createHash("sha256").update(virtualNetworkId.toLowerCase()).digest("hex").slice(0, 8)}`;
}

/**
 * A zone's or link's options. Its owner changes when a shared name lands in a tenant's zone or leaves it
 * (internalZoneOwners): the parent's type changes and the URN with it. The alias to the other owner's type keeps the
 * live Azure object, where a new URN would create it beside itself (Azure refuses: it exists) and then delete it.
 */
function zoneOptions(scope: RecordParents): pulumi.CustomResourceOptions {
  return { parent: scope.parent, aliases: [{ parent: scope.otherOwner }] };
}

/** The zone's handle; `create` registers the zone and its links (the zone's owner does), else it is referenced by name. */
export function privateZone(zone: string, provider: AzurePrivate, scope: RecordParents, create: boolean): PrivateZoneHandle {
  if (!create) return { zoneName: pulumi.output(zone), resourceGroup: provider.resourceGroup };
  const local = `internal/${zone}`;
  const created = new privatedns.PrivateZone(
    childName(scope, local),
    // Private zones are global resources: location "Global" (the only value Azure Private DNS accepts).
    { privateZoneName: zone, resourceGroupName: provider.resourceGroup, location: "Global" },
    zoneOptions(scope),
  );
  for (const id of [...provider.virtualNetworkIds].sort()) {
    const link = linkName(id);
    new privatedns.VirtualNetworkLink(
      childName(scope, `${local}/link/${link}`),
      {
        privateZoneName: created.name,
        resourceGroupName: provider.resourceGroup,
        virtualNetworkLinkName: link,
        location: "Global",
        registrationEnabled: false,
        virtualNetwork: { id },
      },
      zoneOptions(scope),
    );
  }
  return { zoneName: created.id.apply(() => zone), resourceGroup: provider.resourceGroup };
}

/** The internal records of one owner in one zone, as private record sets under `scope.parent`. */
export function createPrivateRecordSets(records: readonly PlanRecord[], zone: PrivateZoneHandle, scope: RecordParents): void {
  if (records.length === 0) return;
  // Release 0.1 had no internal DNS: no 0.1 names to alias.
  const current = { ...scope, legacyAliases: false };
  for (const set of azureRecordSets(records, records[0].zone)) {
    const local = (name: string) => `internal/${name}`;
    new privatedns.PrivateRecordSet(
      childName(scope, local(set.logicalName)),
      {
        privateZoneName: zone.zoneName,
        resourceGroupName: zone.resourceGroup,
        ...recordSetBody(set),
      },
      // recordType is part of the ARM path: a change replaces the set, and the old one must go first (same name). The
      // aliases, as for public sets: the other type's name (A <-> CNAME) and the other owner (shared <-> tenant).
      {
        parent: scope.parent,
        deleteBeforeReplace: true,
        replaceOnChanges: ["recordType"],
        aliases: recordAliases(current, local(set.logicalName), set.aliases.map(local), set.recordType),
      },
    );
  }
}

/** The internal view as the adapter needs it: records, zone owners and the Azure settings. */
export interface InternalDnsInput {
  readonly records: readonly PlanRecord[];
  readonly owners: ReadonlyMap<string, string | null>;
  readonly provider: AzurePrivate;
}

/** The adapter's input for a spec and plan, or undefined when the internal view is not on Azure Private DNS. */
export function internalDnsInput(spec: DeploymentSpec, plan: Plan): InternalDnsInput | undefined {
  const provider = spec.internalDns?.provider;
  if (!plan.internal || provider?.provider !== "azurePrivate") return undefined;
  return { records: plan.internal.records, owners: internalZoneOwners(plan.internal), provider };
}

/**
 * Registers the internal zones `owner` owns and its internal records (grouped per zone); zones of other owners are
 * referenced by name. `owner` null: the shared services.
 */
export function createInternalDns(internal: InternalDnsInput, owner: string | null, scope: RecordParents): void {
  const { provider } = internal;
  const zones = new Map<string, PrivateZoneHandle>();
  for (const [zone, o] of internal.owners) if (o === owner) zones.set(zone, privateZone(zone, provider, scope, true));
  const byZone = groupBy(
    internal.records.filter((x) => x.sipDomain === owner),
    (r) => r.zone,
  );
  for (const [zone, records] of byZone) {
    createPrivateRecordSets(records, zones.get(zone) ?? privateZone(zone, provider, scope, false), scope);
  }
}
