/**
 * The plan diff behind pull-request reviews: what changes between a base plan and a head plan, in the words a
 * reviewer uses (tenants, record sets per zone, certificates to re-issue, routes), plus a warning for everything
 * destructive or surprising. Pure: plans in, data out; renderers live in render/diff.ts.
 *
 * Record sets are keyed by (zone, name, type), the identity of an Azure RecordSet and of our resource names, so a
 * changed address or TTL shows as one changed set, not as a removal plus an addition.
 */
import { type Plan, type PlanCertificate, type PlanRecord, type PlanRoute, type PlanTenant, type PlanWarning } from "./types";
import { compareText, sortedUnique } from "../spec/names";

export interface RecordSetDiff {
  readonly name: string;
  readonly type: PlanRecord["type"];
  /** null when the set is new / is removed. */
  /** `auto` for a proxied record: Cloudflare sets its TTL itself, so the spec's TTL never reaches it. */
  readonly before: { readonly ttl: number | "auto"; readonly data: readonly string[]; readonly proxied: boolean } | null;
  readonly after: { readonly ttl: number | "auto"; readonly data: readonly string[]; readonly proxied: boolean } | null;
  /** Owning tenant (null: shared). */
  readonly sipDomain: string | null;
}

export interface ZoneDiff {
  readonly zone: string;
  readonly provider: string;
  readonly added: readonly RecordSetDiff[];
  readonly removed: readonly RecordSetDiff[];
  readonly changed: readonly RecordSetDiff[];
}

export interface CertificateDiff {
  readonly id: string;
  readonly change: "added" | "removed" | "reissue";
  readonly subject: string;
  readonly sansAdded: readonly string[];
  readonly sansRemoved: readonly string[];
  /** `used/limit` before and after (null when absent). */
  readonly usedBefore: string | null;
  readonly usedAfter: string | null;
  /** What forces the re-issue besides the SANs: subject, CA profile/limit, key. */
  readonly otherChanges: readonly string[];
}

export interface RouteDiff {
  readonly id: string;
  readonly change: "added" | "removed" | "changed";
  readonly hostsAdded: readonly string[];
  readonly hostsRemoved: readonly string[];
  /** Listener/backend/path fields that differ, e.g. `backend.port`. */
  readonly fieldsChanged: readonly string[];
}

export interface TenantChange {
  readonly name: string;
  /** `field: before -> after` for edge pool, zone, home, federation, xmpp, meet URL. */
  readonly changes: readonly string[];
}

export interface PlanDiff {
  readonly identical: boolean;
  readonly tenants: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly TenantChange[];
    /** The meet URL of each added tenant that has one. */
    readonly addedMeetUrls: Readonly<Record<string, string>>;
  };
  readonly zones: readonly ZoneDiff[];
  readonly certificates: readonly CertificateDiff[];
  readonly routes: readonly RouteDiff[];
  /**
   * ONBOARD-ORDER: tenants whose records the head holds back until a certificate in service carries their names
   * (tenant -> what it waits for), and those whose held-back records the head publishes at last.
   */
  readonly onboarding: { readonly pending: Readonly<Record<string, string>>; readonly published: readonly string[] };
  /** Destructive or surprising changes, one line each, rule-tagged. */
  readonly warnings: readonly PlanWarning[];
  /** Plan warnings of the head that the base did not have. */
  readonly newPlanWarnings: readonly PlanWarning[];
}

/** JSON with sorted keys and without undefined members: equal for equal content, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Equal content, as canonicalJson would compare it (key order and undefined members ignored), without building the
 * strings: the review compares whole plans of 10,000 tenants, where the strings cost seconds.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameData(x ?? null, b[i] ?? null));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

const same = sameData;

const setKey = (r: PlanRecord) => `${r.zone}\n${r.name}\n${r.type}`;

function recordSets(
  plan: Plan,
): Map<string, { zone: string; name: string; type: PlanRecord["type"]; ttl: number; data: string[]; proxied: boolean; sipDomain: string | null }> {
  const sets = new Map<
    string,
    { zone: string; name: string; type: PlanRecord["type"]; ttl: number; data: string[]; proxied: boolean; sipDomain: string | null }
  >();
  for (const r of plan.records) {
    const s = sets.get(setKey(r));
    if (s) s.data.push(r.data);
    else sets.set(setKey(r), { zone: r.zone, name: r.name, type: r.type, ttl: r.ttl, data: [r.data], proxied: r.proxied, sipDomain: r.sipDomain });
  }
  // Sorted once per set, not once per record added to it.
  for (const s of sets.values()) if (s.data.length > 1) s.data = sortedUnique(s.data);
  return sets;
}

function diffZones(base: Plan, head: Plan): ZoneDiff[] {
  const before = recordSets(base);
  const after = recordSets(head);
  const provider = new Map([...base.zones, ...head.zones].map((z) => [z.name, z.provider]));
  const zones = new Map<string, { added: RecordSetDiff[]; removed: RecordSetDiff[]; changed: RecordSetDiff[] }>();
  const bucket = (zone: string) => zones.get(zone) ?? zones.set(zone, { added: [], removed: [], changed: [] }).get(zone)!;
  const view = (s: { ttl: number; data: string[]; proxied: boolean }) => ({
    ttl: s.proxied ? ("auto" as const) : s.ttl,
    data: s.data,
    proxied: s.proxied,
  });
  for (const key of sortedUnique([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const s = (a ?? b)!;
    const entry = { name: s.name, type: s.type, sipDomain: s.sipDomain, before: b ? view(b) : null, after: a ? view(a) : null };
    if (!b) bucket(s.zone).added.push(entry);
    else if (!a) bucket(s.zone).removed.push(entry);
    else if (!same(view(b), view(a))) bucket(s.zone).changed.push(entry);
  }
  return [...zones.entries()].sort(([x], [y]) => compareText(x, y)).map(([zone, d]) => ({ zone, provider: provider.get(zone) ?? "external", ...d }));
}

/** Key settings of a certificate, so that a rotation shows. */
function keyOf(c: PlanCertificate): unknown {
  return c.key;
}

const used = (c: PlanCertificate | undefined) => (c ? `${c.dnsNames.length}/${c.limit}` : null);

function diffCertificates(base: Plan, head: Plan): CertificateDiff[] {
  const before = new Map(base.certificates.map((c) => [c.id, c]));
  const after = new Map(head.certificates.map((c) => [c.id, c]));
  const result: CertificateDiff[] = [];
  for (const id of sortedUnique([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    const [namesBefore, namesAfter] = [new Set(b?.dnsNames), new Set(a?.dnsNames)];
    const sansAdded = (a?.dnsNames ?? []).filter((n) => !namesBefore.has(n));
    const sansRemoved = (b?.dnsNames ?? []).filter((n) => !namesAfter.has(n));
    const otherChanges: string[] = [];
    if (a && b) {
      if (!same(a.subject, b.subject)) otherChanges.push("subject");
      if (a.caProfile !== b.caProfile || a.limit !== b.limit) otherChanges.push("ca");
      if (!same(keyOf(a), keyOf(b))) otherChanges.push("key");
    }
    if (a && b && sansAdded.length + sansRemoved.length + otherChanges.length === 0) continue;
    result.push({
      id,
      change: !b ? "added" : !a ? "removed" : "reissue",
      subject: (a ?? b)!.subject.commonName,
      sansAdded,
      sansRemoved,
      usedBefore: used(b),
      usedAfter: used(a),
      otherChanges,
    });
  }
  return result;
}

/** Flattened leaf paths of a route without its host names, for a field-level comparison. */
function routeFields(r: PlanRoute): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown, path: string) => {
    if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    else if (path !== "listener.hostNames") out[path] = JSON.stringify(v);
  };
  walk(r, "");
  return out;
}

function diffRoutes(base: Plan, head: Plan): RouteDiff[] {
  const before = new Map<string, PlanRoute>(base.routes.map((r) => [r.id, r]));
  const after = new Map<string, PlanRoute>(head.routes.map((r) => [r.id, r]));
  const result: RouteDiff[] = [];
  for (const id of sortedUnique([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    // A route of a hoster lists every tenant's host name: sets, not a search of one list per name of the other.
    const [hostsBefore, hostsAfter] = [new Set(b?.listener.hostNames), new Set(a?.listener.hostNames)];
    const hostsAdded = (a?.listener.hostNames ?? []).filter((h) => !hostsBefore.has(h));
    const hostsRemoved = (b?.listener.hostNames ?? []).filter((h) => !hostsAfter.has(h));
    const fb = b ? routeFields(b) : {};
    const fa = a ? routeFields(a) : {};
    const fieldsChanged = a && b ? sortedUnique([...Object.keys(fa), ...Object.keys(fb)]).filter((k) => fa[k] !== fb[k]) : [];
    if (a && b && hostsAdded.length + hostsRemoved.length + fieldsChanged.length === 0) continue;
    result.push({ id, change: !b ? "added" : !a ? "removed" : "changed", hostsAdded, hostsRemoved, fieldsChanged });
  }
  return result;
}

const TENANT_FIELDS = ["zone", "edgePool", "home", "federation", "xmpp", "meetUrl"] as const;

function diffTenants(base: Plan, head: Plan): PlanDiff["tenants"] {
  const before = new Map(base.tenants.map((t) => [t.name, t]));
  const after = new Map(head.tenants.map((t) => [t.name, t]));
  const changed: TenantChange[] = [];
  for (const [name, a] of after) {
    const b = before.get(name);
    if (!b) continue;
    const changes = TENANT_FIELDS.filter((f) => b[f] !== a[f]).map((f) => `${f}: ${String(b[f])} -> ${String(a[f])}`);
    if (changes.length > 0) changed.push({ name, changes });
  }
  const added = [...after.keys()].filter((n) => !before.has(n)).sort(compareText);
  return {
    added,
    removed: [...before.keys()].filter((n) => !after.has(n)).sort(compareText),
    changed,
    addedMeetUrls: Object.fromEntries(added.flatMap((n) => (after.get(n)!.meetUrl ? [[n, after.get(n)!.meetUrl!]] : []))),
  };
}

function diffWarnings(base: Plan, head: Plan, d: Omit<PlanDiff, "warnings" | "identical" | "newPlanWarnings">): PlanWarning[] {
  const listed = new Set(head.tenants.map((t: PlanTenant) => t.name));
  const added = new Set(d.tenants.added);
  const w: PlanWarning[] = [];
  // S17 is one plan warning for all tenants, so a new tenant it applies to would pass unnoticed in the diff.
  for (const t of head.tenants.filter((x) => x.trustPrompt && added.has(x.name))) {
    w.push({
      rule: "S17",
      subject: t.name,
      message: `new tenant ${t.name}: HTTP discovery sends its desktop clients to the external web services outside ${t.name}; they may ask "cannot verify that the server is trusted for your sign-in address" unless ${t.name} is pre-trusted (TrustModelData GPO, S16, S17)`,
    });
  }
  for (const t of d.tenants.removed) {
    w.push({
      rule: "DIFF-TENANT-REMOVED",
      subject: t,
      message: `tenant ${t} is removed: its DNS records are deleted and its names leave the certificates`,
    });
  }
  for (const t of d.tenants.changed) {
    for (const c of t.changes.filter((x) => x.startsWith("edgePool") || x.startsWith("home") || x.startsWith("zone"))) {
      w.push({
        rule: "DIFF-TENANT-MOVED",
        subject: t.name,
        message: `tenant ${t.name} moves (${c}): its records change target and its names move between certificates; clients follow only after DNS TTLs expire`,
      });
    }
  }
  for (const z of d.zones) {
    for (const r of z.removed) {
      if (r.sipDomain !== null && listed.has(r.sipDomain)) {
        w.push({
          rule: "DIFF-RECORD-REMOVED",
          subject: r.name,
          message: `${r.type} ${r.name} is removed although tenant ${r.sipDomain} is still listed`,
        });
      } else if (r.sipDomain === null) {
        w.push({ rule: "DIFF-RECORD-REMOVED", subject: r.name, message: `shared record ${r.type} ${r.name} (zone ${z.zone}) is removed` });
      }
    }
  }
  const baseCertificates = new Map(base.certificates.map((x) => [x.id, x]));
  const kept = new Set(head.certificates.flatMap((x) => x.dnsNames));
  for (const c of d.certificates) {
    if (c.change === "removed")
      w.push({ rule: "DIFF-CERT-REMOVED", subject: c.id, message: `certificate ${c.id} (${c.subject}) is no longer requested` });
    if (c.otherChanges.includes("key"))
      w.push({
        rule: "DIFF-KEY-ROTATION",
        subject: c.id,
        message: `the private key of ${c.id} is rotated: the issued certificate must be re-issued and re-assigned (Set-CsCertificate) on every server`,
      });
    if (c.otherChanges.includes("ca"))
      w.push({
        rule: "DIFF-CA-LIMIT",
        subject: c.id,
        message: `the CA profile or name limit of ${c.id} changes (${c.usedBefore} -> ${c.usedAfter}): check the order with the CA`,
      });
    if (c.otherChanges.includes("subject")) w.push({ rule: "DIFF-CERT-SUBJECT", subject: c.id, message: `the subject of ${c.id} changes` });
    // A name that leaves every certificate while the tenant that put it there is still listed: clients of that
    // tenant would meet a certificate without their name. (Moving between certificates is fine.)
    const owners = baseCertificates.get(c.id)?.nameOwners ?? {};
    for (const n of c.sansRemoved.filter((x) => owners[x] && listed.has(owners[x]) && !kept.has(x))) {
      w.push({ rule: "DIFF-SAN-REMOVED", subject: c.id, message: `${n} leaves every certificate although tenant ${owners[n]} is still listed` });
    }
  }
  const headNames = new Set(head.tenants.flatMap((t) => t.fqdns));
  for (const r of d.routes) {
    if (r.change === "removed") w.push({ rule: "DIFF-ROUTE-REMOVED", subject: r.id, message: `reverse-proxy route ${r.id} is removed` });
    for (const h of r.hostsRemoved.filter((x) => headNames.has(x)))
      w.push({
        rule: "DIFF-ROUTE-HOST-REMOVED",
        subject: r.id,
        message: `${h} is no longer published on ${r.id} although its tenant is still listed`,
      });
    if (r.fieldsChanged.length > 0)
      w.push({ rule: "DIFF-ROUTE-CHANGED", subject: r.id, message: `route ${r.id} changes ${r.fieldsChanged.join(", ")}` });
  }
  return w;
}

/** The head's pending tenants, each with the names it waits for, and the tenants the base held back that the head publishes. */
function diffOnboarding(base: Plan, head: Plan): PlanDiff["onboarding"] {
  const pendingOf = (p: Plan) => p.onboarding.waiting.filter((w) => w.state === "pending");
  const pending = Object.fromEntries(
    pendingOf(head).map((w) => [
      w.sipDomain,
      Object.entries(w.missing)
        .map(([id, names]) => `${names.join(", ")} (${id})`)
        .join("; "),
    ]),
  );
  const listed = new Set(head.tenants.map((t) => t.name));
  const published = pendingOf(base)
    .map((w) => w.sipDomain)
    .filter((n) => listed.has(n) && !(n in pending));
  return { pending, published };
}

export function diffPlans(base: Plan, head: Plan): PlanDiff {
  const parts = {
    tenants: diffTenants(base, head),
    zones: diffZones(base, head),
    certificates: diffCertificates(base, head),
    routes: diffRoutes(base, head),
    onboarding: diffOnboarding(base, head),
  };
  const seen = new Set(base.warnings.map((x) => JSON.stringify(x)));
  const newPlanWarnings = head.warnings.filter((x) => !seen.has(JSON.stringify(x)));
  const identical = same(base, head);
  return { identical, ...parts, warnings: diffWarnings(base, head, parts), newPlanWarnings };
}
