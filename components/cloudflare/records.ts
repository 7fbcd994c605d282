/**
 * Plan record -> inputs of one Cloudflare v6 `DnsRecord` (docs/provider-notes.md 3.9). Pure: no Pulumi.
 *
 * - `ttl` is required in v6; 1 means "automatic", the only TTL of a proxied record (S47).
 * - SRV: full owner name (`_sip._tls.<d>`) in `name`, `priority` at the top level, `data` = {weight, port, target}.
 *   The retired data.service/proto/name form (EOL 31 May 2024, docs/provider-notes.md 3.9) never appears.
 * - Names and targets without the trailing dot: the API strips it and the provider would then show a diff on every
 *   run (cloudflare/terraform-provider-cloudflare#154, #7286).
 * - `proxied` always explicit; true only where the plan says so (lyncdiscover.<d> in proxied zones, S46).
 */
import { srvOf, type PlanRecord } from "../plan/types";
import { relativeName } from "../spec/names";

export interface CloudflareRecordInputs {
  readonly name: string;
  readonly type: PlanRecord["type"];
  readonly ttl: number;
  readonly proxied: boolean;
  readonly comment: string;
  readonly content?: string;
  readonly priority?: number;
  readonly data?: { readonly weight: number; readonly port: number; readonly target: string };
}

/** Cloudflare's TTL value for "automatic" (S47). */
export const AUTOMATIC_TTL = 1;

/** Record comments: 100 characters on the Free plan (as read; more on paid plans), so keep them within that. */
export const COMMENT_LIMIT = 100;

const withoutDot = (name: string) => name.replace(/\.$/, "");

/** The comment names the rule and the SIP domain that demand the record (or the shared services). */
export function recordComment(r: Pick<PlanRecord, "rule" | "sipDomain">): string {
  const text = `Lync ${r.rule} for ${r.sipDomain ?? "the shared services"}`;
  return text.length <= COMMENT_LIMIT ? text : `${text.slice(0, COMMENT_LIMIT - 1)}…`;
}

/**
 * The logical name: zone / owner relative to the zone / type / data, so it is stable whatever the order of tenants
 * or records. A CNAME is alone at its name (RFC 1034 3.6.2), so its target stays out of the name and a new target is
 * an in-place update, not a second CNAME created beside the first. IPv6 colons become '-' to keep `::` out of URNs.
 */
export function recordLogicalName(r: Pick<PlanRecord, "zone" | "name" | "type" | "data">): string {
  const base = `${r.zone}/${relativeName(r.name, r.zone)}/${r.type}`;
  if (r.type === "CNAME") return base;
  return `${base}/${withoutDot(r.data).replace(/ /g, "/").replace(/:/g, "-")}`;
}

export function recordInputs(r: PlanRecord): CloudflareRecordInputs {
  const common = {
    name: r.name,
    type: r.type,
    ttl: r.proxied ? AUTOMATIC_TTL : r.ttl,
    proxied: r.proxied,
    comment: recordComment(r),
  };
  if (r.type !== "SRV") return { ...common, content: withoutDot(r.data) };
  const { priority, weight, port, target } = srvOf(r);
  return { ...common, priority, data: { weight, port, target } };
}
