/**
 * Cloudflare DNS adapter (issue 4): zones and one v6 `DnsRecord` per plan record. The mapping itself is pure
 * (records.ts); this file only registers resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { ZoneSpec } from "../spec/types";
import type { PlanRecord } from "../plan/types";
import { recordAliases, type RecordParents } from "../deployment/recordOwners";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";
import { recordInputs, recordLogicalName } from "./records";

export interface CloudflareZoneHandle {
  readonly zoneName: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;
  readonly nameServers?: pulumi.Output<string[]>;
}

/** An existing zone is referenced by its id and never changed; `create: true` (test stacks) creates it in the account. */
export function createCloudflareZone(zone: Extract<ZoneSpec, { provider: "cloudflare" }>, scope: ChildScope): CloudflareZoneHandle {
  if (!zone.create) return { zoneName: pulumi.output(zone.name), zoneId: pulumi.output(zone.zoneId!) };
  const created = new cloudflare.Zone(
    childName(scope, zone.name),
    { account: { id: zone.accountId! }, name: zone.name, type: "full" },
    childOptions(scope, zone.name),
  );
  return { zoneName: pulumi.output(zone.name), zoneId: created.id, nameServers: created.nameServers };
}

export function createCloudflareRecords(records: readonly PlanRecord[], zone: CloudflareZoneHandle, scope: RecordParents): void {
  for (const r of records) {
    // deleteBeforeReplace: v6 DnsRecord does not set it, and a replacement beside its predecessor conflicts
    // ("record already exists", docs/provider-notes.md 3.7).
    // The aliases keep the record across the 0.1 names and when it moves between the shared services and a tenant.
    const local = recordLogicalName(r);
    new cloudflare.DnsRecord(
      childName(scope, local),
      { zoneId: zone.zoneId, ...recordInputs(r) },
      { parent: scope.parent, deleteBeforeReplace: true, aliases: recordAliases(scope, local, [], r.type) },
    );
  }
}
