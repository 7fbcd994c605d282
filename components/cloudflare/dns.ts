/**
 * Cloudflare DNS adapter (issue 4): zones and one v6 `DnsRecord` per plan record. The mapping itself is pure
 * (records.ts); this file only registers resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { ZoneSpec } from "../spec/schema";
import type { PlanRecord } from "../plan/types";
import { mayChangeOwner, type RecordParents } from "../deployment/recordOwners";
import { recordInputs, recordLogicalName } from "./records";

export interface CloudflareZoneHandle {
  readonly zoneName: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;
  readonly nameServers?: pulumi.Output<string[]>;
}

/** An existing zone is referenced by its id and never changed; `create: true` (test stacks) creates it in the account. */
export function createCloudflareZone(zone: Extract<ZoneSpec, { provider: "cloudflare" }>, parent: pulumi.Resource): CloudflareZoneHandle {
  if (!zone.create) return { zoneName: pulumi.output(zone.name), zoneId: pulumi.output(zone.zoneId!) };
  const created = new cloudflare.Zone(zone.name, { account: { id: zone.accountId! }, name: zone.name, type: "full" }, { parent });
  return { zoneName: pulumi.output(zone.name), zoneId: created.id, nameServers: created.nameServers };
}

export function createCloudflareRecords(records: readonly PlanRecord[], zone: CloudflareZoneHandle, { parent, otherOwner }: RecordParents): void {
  for (const r of records) {
    // deleteBeforeReplace: v6 DnsRecord does not set it, and a replacement beside its predecessor conflicts
    // ("record already exists", docs/provider-notes.md 3.7).
    // The alias keeps the record when it moves between the shared services and a tenant (dnsRecords.ts).
    new cloudflare.DnsRecord(
      recordLogicalName(r),
      { zoneId: zone.zoneId, ...recordInputs(r) },
      {
        parent,
        deleteBeforeReplace: true,
        aliases: mayChangeOwner(r.type) ? [{ parent: otherOwner }] : [],
      },
    );
  }
}
