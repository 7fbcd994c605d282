/**
 * What the lab reads: the provider resources a capture collected (lab/capture.ts), each with the outputs its mock
 * returned (tls mocks: certRequestPem, privateKeyPem), and the DNS records they declare, read with the provider
 * SDKs' input names (azure-native dns.RecordSet, cloudflare.DnsRecord v6) so that the adapters are what is tested.
 */
import type { CapturedResource } from "./capture";
import { normalizeName } from "../../components/spec/names";

export interface LabResource extends CapturedResource {
  /** The state the mock provider answered with (e.g. certRequestPem of a tls CertRequest). */
  readonly outputs?: Record<string, unknown>;
}

/** The engine options of a resource registered with none: a base for hand-made CapturedResources in tests. */
export const DEFAULT_OPTIONS: CapturedResource["options"] = {
  deleteBeforeReplace: false,
  protect: false,
  retainOnDelete: false,
  ignoreChanges: [],
  additionalSecretOutputs: [],
  replaceOnChanges: [],
  aliases: [],
  dependencies: [],
  provider: "",
};

export const TYPES = {
  azureRecordSet: "azure-native:dns:RecordSet",
  azureGateway: "azure-native:network:ApplicationGateway",
  azurePublicIp: "azure-native:network:PublicIPAddress",
  cloudflareRecord: "cloudflare:index/dnsRecord:DnsRecord",
  cloudflareRuleset: "cloudflare:index/ruleset:Ruleset",
  cloudflareZoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
  tlsCertRequest: "tls:index/certRequest:CertRequest",
} as const;

export interface SrvValue {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly target: string;
}

export type LabRecordValue = string | SrvValue;

interface LabRecordBase {
  /** Owner FQDN, lower-case, no trailing dot. */
  readonly name: string;
  readonly ttl: number;
  /** Cloudflare-proxied: answered with Cloudflare's edge address, the value is the origin. */
  readonly proxied: boolean;
  /** The resource that declared it, for messages. */
  readonly source: string;
}

/** An A, AAAA or CNAME record: the value is an address or the CNAME target (no trailing dot). */
export interface LabTextRecord extends LabRecordBase {
  readonly type: "A" | "AAAA" | "CNAME";
  readonly value: string;
}

/** An SRV record: the value is its data. */
export interface LabSrvRecord extends LabRecordBase {
  readonly type: "SRV";
  readonly value: SrvValue;
}

export type LabRecord = LabTextRecord | LabSrvRecord;

/** Unwraps `{ secret: v }` as capture.ts marks secret inputs. */
export function plain<T = unknown>(v: unknown): T {
  return (v && typeof v === "object" && "secret" in v ? v.secret : v) as T;
}

const str = (v: unknown): string => String(plain(v) ?? "");

function azureRecords(r: LabResource): LabRecord[] {
  const i = r.inputs;
  const zone = normalizeName(str(i.zoneName));
  const rel = str(i.relativeRecordSetName);
  const name = rel === "@" || rel === "" ? zone : `${normalizeName(rel)}.${zone}`;
  const ttl = Number(plain(i.ttl) ?? 3600);
  const base = { name, ttl, proxied: false, source: `${r.type} ${r.name}` };
  switch (str(i.recordType)) {
    case "A":
      return (plain<Array<{ ipv4Address: string }>>(i.aRecords) ?? []).map((a) => ({ ...base, type: "A" as const, value: a.ipv4Address }));
    case "AAAA":
      return (plain<Array<{ ipv6Address: string }>>(i.aaaaRecords) ?? []).map((a) => ({ ...base, type: "AAAA" as const, value: a.ipv6Address }));
    case "CNAME": {
      const c = plain<{ cname?: string }>(i.cnameRecord);
      return c?.cname ? [{ ...base, type: "CNAME", value: normalizeName(c.cname) }] : [];
    }
    case "SRV":
      return (plain<Array<{ priority: number; weight: number; port: number; target: string }>>(i.srvRecords) ?? []).map((s) => ({
        ...base,
        type: "SRV" as const,
        value: { priority: s.priority, weight: s.weight, port: s.port, target: normalizeName(s.target) },
      }));
    default:
      return [];
  }
}

function cloudflareRecord(r: LabResource): LabRecord[] {
  const i = r.inputs;
  const type = str(i.type).toUpperCase();
  // v6: `name` is the FQDN; TTL 1 means "automatic" (300 s when proxied, S47).
  const base = {
    name: normalizeName(str(i.name)),
    ttl: Number(plain(i.ttl) ?? 1) === 1 ? 300 : Number(plain(i.ttl)),
    proxied: plain(i.proxied) === true,
    source: `${r.type} ${r.name}`,
  };
  if (type === "A" || type === "AAAA") return [{ ...base, type, value: str(i.content) }];
  if (type === "CNAME") return [{ ...base, type, value: normalizeName(str(i.content)) }];
  if (type === "SRV") {
    const d = plain<{ weight?: number; port?: number; target?: string }>(i.data) ?? {};
    return [
      {
        ...base,
        type,
        value: {
          priority: Number(plain(i.priority) ?? 0),
          weight: Number(d.weight ?? 0),
          port: Number(d.port ?? 0),
          target: normalizeName(d.target ?? ""),
        },
      },
    ];
  }
  return [];
}

/** Every DNS record the captured resources publish. */
export function dnsRecords(resources: readonly LabResource[]): LabRecord[] {
  return resources.flatMap((r) => (r.type === TYPES.azureRecordSet ? azureRecords(r) : r.type === TYPES.cloudflareRecord ? cloudflareRecord(r) : []));
}

export function ofType(resources: readonly LabResource[], type: string): LabResource[] {
  return resources.filter((r) => r.type === type);
}
