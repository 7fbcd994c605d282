/**
 * Routes plan records to the DNS adapter of their zone's provider. Records of `external` zones are only reported
 * (plan, zone files): someone else publishes them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec } from "../spec/types";
import type { PlanRecord } from "../plan/types";
import { createAzureZone, createAzureRecordSets, subscriptionProviders, type AzureZoneHandle } from "../azure/dns";
import { createCloudflareZone, createCloudflareRecords, type CloudflareZoneHandle } from "../cloudflare/dns";
import type { RecordParents } from "./recordOwners";
import type { ChildScope } from "./childNames";

export interface ZoneHandles {
  readonly azure: ReadonlyMap<string, AzureZoneHandle>;
  readonly cloudflare: ReadonlyMap<string, CloudflareZoneHandle>;
  /** Zone name -> name servers, for the zones the stack creates. */
  readonly nameServers: pulumi.Output<Record<string, string[]>>;
}

/** Handles of every zone; the zones the spec creates are registered only where `ownsCreated` (the infra shard). */
export function createZones(spec: DeploymentSpec, scope: ChildScope, ownsCreated = true): ZoneHandles {
  const azure = new Map<string, AzureZoneHandle>();
  const cloudflare = new Map<string, CloudflareZoneHandle>();
  const providerOf = subscriptionProviders(scope);
  for (const zone of spec.zones) {
    if (zone.provider === "azure") azure.set(zone.name, createAzureZone(zone, scope, ownsCreated, providerOf));
    if (zone.provider === "cloudflare") cloudflare.set(zone.name, createCloudflareZone(zone, scope));
  }
  const created = [...azure.values(), ...cloudflare.values()].filter((h) => h.nameServers !== undefined);
  const nameServers = pulumi
    .all(created.map((h) => pulumi.all([h.zoneName, h.nameServers!])))
    .apply((pairs) => Object.fromEntries(pairs.map(([zone, ns]) => [zone, ns])));
  return { azure, cloudflare, nameServers };
}

/** Registers the given records (all of one owner) in their zones, grouped per zone. */
export function createRecords(records: readonly PlanRecord[], zones: ZoneHandles, parents: RecordParents): void {
  const byZone = new Map<string, PlanRecord[]>();
  for (const r of records) byZone.set(r.zone, [...(byZone.get(r.zone) ?? []), r]);
  for (const [zone, zoneRecords] of byZone) {
    const az = zones.azure.get(zone);
    if (az) createAzureRecordSets(zoneRecords, az, parents);
    const cf = zones.cloudflare.get(zone);
    if (cf) createCloudflareRecords(zoneRecords, cf, parents);
  }
}
