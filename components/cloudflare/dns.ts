/** Cloudflare DNS adapter (issue 4). */
import * as pulumi from "@pulumi/pulumi";
import type { ZoneSpec } from "../model/spec";
import type { PlanRecord } from "../model/plan";

export interface CloudflareZoneHandle {
  readonly zoneName: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;
  readonly nameServers?: pulumi.Output<string[]>;
}

export function createCloudflareZone(zone: Extract<ZoneSpec, { provider: "cloudflare" }>, _parent: pulumi.Resource): CloudflareZoneHandle {
  return { zoneName: pulumi.output(zone.name), zoneId: pulumi.output(zone.zoneId ?? "") };
}

export function createCloudflareRecords(records: readonly PlanRecord[], _zone: CloudflareZoneHandle, _parent: pulumi.Resource): void {
  if (records.length > 0) throw new Error("Cloudflare DNS records are not implemented yet (issue 4)");
}
