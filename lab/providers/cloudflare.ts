/**
 * The lab's `pulumi-resource-cloudflare`: zones, DNS records (v6 `DnsRecord`) and rulesets, kept in the lab's cloud.
 * The API's refusals that matter to this library are kept: a CNAME cannot share its name with any other record, and
 * no other record can join a CNAME (API errors 81053/81054), and an identical record is refused (81058). So an A ->
 * CNAME change at one name that the engine orders create-before-delete fails here as it does at Cloudflare.
 */
import { randomBytes } from "node:crypto";
import { listObjects } from "./cloud";
import { serve, type LabType, type Props } from "./provider";

/** The @pulumi/cloudflare version this stands in for (package.json). */
export const CLOUDFLARE_VERSION = "6.22.1";

const DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord";
/** Cloudflare ids are 32 hex digits. */
const newId = () => randomBytes(16).toString("hex");
const text = (v: unknown) => (typeof v === "string" ? v : "");
const lower = (v: unknown) => text(v).toLowerCase().replace(/\.$/, "");

/** The API's refusal of a record beside the records the zone holds (the record itself, when updated, excluded). */
export function recordConflict(inputs: Props, others: readonly Props[]): string | undefined {
  const name = lower(inputs.name);
  const type = text(inputs.type).toUpperCase();
  const same = others.filter((o) => lower(o.zoneId) === lower(inputs.zoneId) && lower(o.name) === name);
  if (type === "CNAME" && same.length > 0) return `81053: an A, AAAA, or CNAME record with the host ${name} already exists (Cloudflare)`;
  if (same.some((o) => text(o.type).toUpperCase() === "CNAME")) return `81054: a CNAME record with the host ${name} already exists (Cloudflare)`;
  if (
    same.some((o) => text(o.type).toUpperCase() === type && JSON.stringify(o.content ?? o.data) === JSON.stringify(inputs.content ?? inputs.data))
  ) {
    return `81058: an identical ${type} record for ${name} already exists (Cloudflare)`;
  }
  return undefined;
}

const stamp = () => ({ createdOn: "2026-01-01T00:00:00Z", modifiedOn: new Date().toISOString() });

export const CLOUDFLARE_TYPES: Readonly<Record<string, LabType>> = {
  "cloudflare:index/zone:Zone": {
    computed: ["nameServers", "status", "activatedOn", "createdOn", "modifiedOn"],
    create() {
      return {
        id: newId(),
        computed: {
          nameServers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
          status: "active",
          activatedOn: "2026-01-01T00:00:00Z",
          ...stamp(),
        },
      };
    },
  },
  [DNS_RECORD]: {
    computed: ["createdOn", "modifiedOn", "proxiable", "commentModifiedOn", "tagsModifiedOn", "meta"],
    refuse(inputs, _urn, dir, id) {
      const others = listObjects(dir).filter((o) => o.type === DNS_RECORD && o.id !== id);
      return recordConflict(
        inputs,
        others.map((o) => o.inputs),
      );
    },
    create() {
      return { id: newId(), computed: { ...stamp(), proxiable: true } };
    },
  },
  "cloudflare:index/ruleset:Ruleset": {
    computed: ["lastUpdated", "version"],
    create() {
      return { id: newId(), computed: { lastUpdated: new Date().toISOString(), version: "1" } };
    },
  },
};

if (require.main === module) serve(CLOUDFLARE_VERSION, CLOUDFLARE_TYPES);
