/**
 * Renders a plan diff for a pull-request comment (Markdown) or for tools (JSON). Markdown puts the warnings first:
 * a reviewer who reads only the top must still see anything destructive.
 */
import { formatWarning, groupBy, type Plan, type PlanWarning } from "../plan/types";
import { diffPlans, type PlanDiff, type RecordSetDiff } from "../plan/diff";
import { cell } from "./markdown";

const code = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => (xs.length === 0 ? "–" : xs.map(code).join(", "));

function summary(d: PlanDiff, extra: number): string {
  const count = (f: (z: PlanDiff["zones"][number]) => number) => d.zones.reduce((n, z) => n + f(z), 0);
  return [
    `${d.tenants.added.length} tenant(s) added`,
    `${d.tenants.removed.length} removed`,
    `${count((z) => z.added.length)} record set(s) added`,
    `${count((z) => z.removed.length)} removed`,
    `${count((z) => z.changed.length)} changed`,
    `${d.certificates.filter((c) => c.change !== "removed").length} certificate(s) to (re-)issue`,
    `${d.routes.length} route change(s)`,
    `${d.warnings.length + extra} warning(s)`,
  ].join(", ");
}

function recordRow(sign: string, r: RecordSetDiff): string {
  const ttl = r.before && r.after && r.before.ttl !== r.after.ttl ? `${r.before.ttl} → ${r.after.ttl}` : String((r.after ?? r.before)!.ttl);
  const data = (x: RecordSetDiff["before"]) => (x ? x.data.join("<br>") : "");
  const rdata =
    sign === "~" && r.before && r.after && data(r.before) !== data(r.after) ? `${data(r.before)} → ${data(r.after)}` : data(r.after ?? r.before);
  const one = r.after ?? r.before;
  const proxied =
    r.before && r.after && r.before.proxied !== r.after.proxied
      ? ` (proxied ${r.before.proxied} → ${r.after.proxied})`
      : one?.proxied
        ? " (proxied)"
        : "";
  return `| ${sign} | ${cell(r.name)} | ${r.type} | ${ttl} | ${cell(rdata)}${proxied} | ${r.sipDomain ?? "shared"} |`;
}

/**
 * One provider resource that `pulumi up` would create, update, replace or delete, as the change simulation finds it
 * (tools/review.ts: the real program run with both configurations, each provider's replace semantics).
 */
export interface ProviderChange {
  readonly kind: "create" | "update" | "replace" | "delete";
  readonly type: string;
  readonly name: string;
  /** Changed inputs (update), the ones that force the replacement (replace). */
  readonly inputs: readonly string[];
  /** A replacement that deletes the live resource before it creates the new one. */
  readonly deleteFirst: boolean;
  /** Deleting or replacing a protected resource: `pulumi up` stops there. */
  readonly blockedByProtect: boolean;
  /** The SIP domain the resource belongs to; null for the shared services. */
  readonly tenant: string | null;
  /** Reviews of an estate: the shard whose stack makes the change (plan/shards.ts). */
  readonly shard?: string;
  /** A Cloudflare DnsRecord (one record of a set): the record set it belongs to, from its inputs. */
  readonly recordSet?: { readonly name: string; readonly type: string };
}

/** Which stacks of an estate a change affects: shards with at least one resource change, in the estate's order. */
export function affectedShards(shards: readonly string[], changes: readonly ProviderChange[]): string[] {
  const touched = new Set(changes.map((c) => c.shard));
  return shards.filter((s) => touched.has(s));
}

function shardSection(shards: readonly string[], changes: readonly ProviderChange[]): string[] {
  const affected = affectedShards(shards, changes);
  const out = ["### Stacks (one per shard of the estate)", "", `**${affected.length} of ${shards.length} stacks change**`, ""];
  out.push("| shard | changes |", "|---|---|");
  for (const s of shards) out.push(`| ${code(s)} | ${affected.includes(s) ? resourceSummary(changes.filter((c) => c.shard === s)) : "none"} |`);
  out.push("");
  return out;
}

const DNS_RECORD_TYPES = new Set(["azure-native:dns:RecordSet", "cloudflare:index/dnsRecord:DnsRecord"]);
/** The reverse proxy every tenant's web services, meet, dial-in and lyncdiscover go through. */
const GATEWAY_TYPE = "azure-native:network:ApplicationGateway";

/**
 * The record sets the change keeps with other data (the plan diff's changed sets). A Cloudflare record of such a set
 * that is deleted is not a loss of DNS: Cloudflare keeps one DnsRecord per record, so a new address is a new record,
 * and `pulumi up` deletes what left the program only after every create, so the set never goes unanswered.
 */
function keptSets(d: PlanDiff): Set<string> {
  return new Set(d.zones.flatMap((z) => z.changed.map((r) => `${r.name} ${r.type}`)));
}

const replacedInSet = (c: ProviderChange, kept: ReadonlySet<string>) =>
  c.kind === "delete" && c.recordSet !== undefined && kept.has(`${c.recordSet.name} ${c.recordSet.type}`);

/**
 * Delete-first replacements first (the live resource is gone until the create succeeds), then deletes, then the rest;
 * a record deleted after its set's new record is created ranks with the updates, which it is part of.
 */
export function orderChanges(changes: readonly ProviderChange[], kept: ReadonlySet<string> = new Set()): ProviderChange[] {
  const rank = (c: ProviderChange) =>
    c.deleteFirst ? 0 : replacedInSet(c, kept) ? 3 : c.kind === "delete" ? 1 : c.kind === "replace" ? 2 : c.kind === "update" ? 3 : 4;
  return [...changes].sort((a, b) => rank(a) - rank(b) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || (a.name < b.name ? -1 : 1));
}

/**
 * Blocking warnings (DIFF-LIVE-DELETE): a live DNS record deleted, or replaced delete-first, that belongs to a tenant
 * the change does not name (or to the shared services, which every tenant needs): those tenants lose DNS during the
 * update, and for good if the create then fails.
 */
export function liveDeleteWarnings(d: PlanDiff, changes: readonly ProviderChange[]): PlanWarning[] {
  const named = new Set([...d.tenants.added, ...d.tenants.removed, ...d.tenants.changed.map((c) => c.name)]);
  const kept = keptSets(d);
  const hit = changes.filter(
    (c) =>
      DNS_RECORD_TYPES.has(c.type) &&
      (c.kind === "delete" || c.deleteFirst) &&
      !replacedInSet(c, kept) &&
      (c.tenant === null || !named.has(c.tenant)),
  );
  const byOwner = new Map<string, ProviderChange[]>();
  for (const c of hit) byOwner.set(c.tenant ?? "shared services", [...(byOwner.get(c.tenant ?? "shared services") ?? []), c]);
  return [...byOwner].map(([owner, cs]) => ({
    rule: "DIFF-LIVE-DELETE",
    subject: owner,
    message: `blocking: ${cs.length} live DNS record(s) of ${owner === "shared services" ? "the shared services (every tenant)" : `${owner}, which this change does not name,`} would be ${cs.every((c) => c.kind === "delete") ? "deleted" : "deleted and re-created"} (${cs
      .map((c) => c.name)
      .slice(0, 5)
      .join(", ")}${cs.length > 5 ? ", ..." : ""})`,
  }));
}

/**
 * Blocking (DIFF-GATEWAY-OUTAGE): the Application Gateway deleted, or replaced delete-first (a new location, SKU or
 * subnet): every tenant's published web services, meet, dial-in and lyncdiscover are down until the new gateway is
 * provisioned, which takes Azure many minutes, whatever tenants the change names.
 */
export function gatewayOutageWarnings(changes: readonly ProviderChange[]): PlanWarning[] {
  return changes
    .filter((c) => c.type === GATEWAY_TYPE && (c.kind === "delete" || c.deleteFirst))
    .map((c) => ({
      rule: "DIFF-GATEWAY-OUTAGE",
      subject: c.name,
      message: `blocking: an outage for every tenant: the Application Gateway ${c.name} would be ${c.kind === "delete" ? "deleted" : `deleted and re-created (${c.inputs.join(", ") || "replaced"})`}; every tenant's web services, meet, dial-in and lyncdiscover are unreachable until the new gateway is provisioned`,
    }));
}

const CLOUDFLARE_RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const recordKind = (type: string) => (type === "CNAME" ? "CNAME" : "address");

/**
 * Blocking (DIFF-CF-TYPE-CHANGE): a Cloudflare name whose address records become a CNAME, or back (a tenant moving
 * online or on-premises). Each is a DnsRecord of its own, so the engine creates the new record before it deletes the
 * old ones (deleteBeforeReplace acts only within one URN), and Cloudflare refuses a CNAME beside other records at its
 * name: `pulumi up` fails midway. Two runs do it: the old records go first (a targeted destroy: the engine deletes
 * exactly those), then `pulumi up` creates the new one (tests/engine/cloudflareType.test.ts runs both).
 */
export function cloudflareTypeChangeWarnings(changes: readonly ProviderChange[]): PlanWarning[] {
  const records = (kind: ProviderChange["kind"]) => changes.filter((c) => c.type === CLOUDFLARE_RECORD && c.kind === kind && c.recordSet);
  const deleted = groupBy(records("delete"), (c) => c.recordSet!.name);
  return [...groupBy(records("create"), (c) => c.recordSet!.name).values()].flatMap(([created]): PlanWarning[] => {
    const { name, type } = created.recordSet!;
    const gone = (deleted.get(name) ?? []).filter((c) => recordKind(c.recordSet!.type) !== recordKind(type));
    if (gone.length === 0) return [];
    const targets = gone.map((c) => `--target '**::${c.name}'`).join(" ");
    return [
      {
        rule: "DIFF-CF-TYPE-CHANGE",
        subject: name,
        message: `blocking: ${name} changes from ${gone[0].recordSet!.type} to ${type} in Cloudflare, which refuses a CNAME beside other records, and \`pulumi up\` would create the new record before deleting the old: apply it in two runs, \`pulumi destroy ${targets}\` (only the old records), then \`pulumi up\``,
      },
    ];
  });
}

/** Every blocking warning of a change: what `--fail-on-delete-first` gates and the review puts first (⛔). */
export function blockingWarnings(d: PlanDiff, changes: readonly ProviderChange[]): PlanWarning[] {
  return [...gatewayOutageWarnings(changes), ...liveDeleteWarnings(d, changes), ...cloudflareTypeChangeWarnings(changes)];
}

/**
 * DIFF-CF-ENTRYPOINT: a created Cloudflare ruleset is the zone's entry point for its phase, of which a zone has one.
 * If someone made one already (the dashboard, another tool), the create fails until it is imported or removed.
 */
export function entryPointWarnings(changes: readonly ProviderChange[]): PlanWarning[] {
  return changes
    .filter((c) => c.kind === "create" && c.type === "cloudflare:index/ruleset:Ruleset")
    .map((c) => ({
      rule: "DIFF-CF-ENTRYPOINT",
      subject: c.name,
      message: `creates the zone's entry-point ruleset for this phase: if the zone already has one (dashboard, another tool), the create fails; import it into the stack or delete it first`,
    }));
}

function resourceSummary(changes: readonly ProviderChange[]): string {
  const n = (k: ProviderChange["kind"]) => changes.filter((c) => c.kind === k).length;
  const first = changes.filter((c) => c.deleteFirst).length;
  return `${n("create")} to create, ${n("update")} to update, ${n("replace")} to replace (${first} delete-first), ${n("delete")} to delete`;
}

function resourceSection(changes: readonly ProviderChange[], kept: ReadonlySet<string>): string[] {
  const out = ["### What `pulumi up` will do (change simulation)", "", `**${resourceSummary(changes)}**`, ""];
  if (changes.length === 0) return out;
  out.push("| change | type | name | inputs | tenant |", "|---|---|---|---|---|");
  for (const c of orderChanges(changes, kept)) {
    const kind = c.deleteFirst ? "**replace, delete first**" : replacedInSet(c, kept) ? "delete, after its set's new record is created" : c.kind;
    const blocked = c.blockedByProtect ? " (protected: blocks)" : "";
    const shard = c.shard === undefined ? "" : `${c.shard}: `;
    out.push(`| ${kind}${blocked} | ${code(c.type)} | ${shard}${cell(c.name)} | ${c.inputs.join(", ") || "–"} | ${c.tenant ?? "shared"} |`);
  }
  out.push("");
  return out;
}

export function renderPlanDiffMarkdown(d: PlanDiff, resources?: readonly ProviderChange[], shards?: readonly string[]): string {
  const out: string[] = ["## Lync plan diff", ""];
  if (d.identical && (resources === undefined || resources.length === 0))
    return [
      ...out,
      "**No changes**: both configurations give the same plan (no changes to tenants, records, certificates or routes).",
      ...(shards ? ["", `No stack of the estate changes (${shards.map(code).join(", ")}).`] : []),
      "",
    ].join("\n");
  const blocking = resources ? blockingWarnings(d, resources) : [];
  const entryPoints = resources ? entryPointWarnings(resources) : [];
  out.push(`**${summary(d, blocking.length + entryPoints.length)}**`, "");
  if (blocking.length + entryPoints.length + d.warnings.length + d.newPlanWarnings.length > 0) {
    out.push("### Warnings", "");
    for (const w of blocking) out.push(`- ⛔ ${formatWarning(w, code)}`);
    for (const w of [...entryPoints, ...d.warnings]) out.push(`- ⚠️ ${formatWarning(w, code)}`);
    for (const w of d.newPlanWarnings) out.push(`- ⚠️ new plan warning ${formatWarning(w, code)}`);
    out.push("");
  }
  const t = d.tenants;
  const { pending, published } = d.onboarding;
  if (t.added.length + t.removed.length + t.changed.length + Object.keys(pending).length + published.length > 0) {
    out.push("### Tenants", "");
    if (t.added.length) out.push(`- added: ${list(t.added)}`);
    for (const [name, url] of Object.entries(t.addedMeetUrls)) out.push(`- meet URL of ${code(name)}: ${url}`);
    if (t.removed.length) out.push(`- removed: ${list(t.removed)}`);
    for (const c of t.changed) out.push(`- changed ${code(c.name)}: ${c.changes.join("; ")}`);
    // ONBOARD-ORDER: say why a listed tenant has no records, and when it gets them.
    for (const [name, names] of Object.entries(pending))
      out.push(
        `- pending ${code(name)}: waiting for the CA's answer with ${names}; its records are held back until the certificate in service carries them, and the next \`pulumi up\` after that publishes them`,
      );
    for (const name of published)
      out.push(`- published ${code(name)}: the certificate in service now carries its names, so its held-back records go out`);
    out.push("");
  }
  if (d.zones.length > 0) {
    out.push("### DNS record sets", "");
    for (const z of d.zones) {
      out.push(`#### ${code(z.zone)} (${z.provider}${z.provider === "external" ? ": publish these changes by hand" : ""})`, "");
      out.push("| | name | type | TTL | data | tenant |", "|---|---|---|---|---|---|");
      for (const r of z.added) out.push(recordRow("+", r));
      for (const r of z.removed) out.push(recordRow("-", r));
      for (const r of z.changed) out.push(recordRow("~", r));
      out.push("");
    }
  }
  if (d.certificates.length > 0) {
    out.push("### Certificates to re-issue", "");
    out.push("| certificate | change | subject | SANs added | SANs removed | used/limit | also |", "|---|---|---|---|---|---|---|");
    for (const c of d.certificates) {
      const usedCol = c.usedBefore === c.usedAfter ? (c.usedAfter ?? "–") : `${c.usedBefore ?? "–"} → ${c.usedAfter ?? "–"}`;
      out.push(
        `| ${c.id} | ${c.change} | ${c.subject} | ${list(c.sansAdded)} | ${list(c.sansRemoved)} | ${usedCol} | ${c.otherChanges.join(", ") || "–"} |`,
      );
    }
    out.push("");
  }
  if (d.routes.length > 0) {
    out.push("### Reverse-proxy routes", "");
    for (const r of d.routes) {
      const parts = [`hosts added: ${list(r.hostsAdded)}`, `hosts removed: ${list(r.hostsRemoved)}`];
      if (r.fieldsChanged.length) parts.push(`changed: ${r.fieldsChanged.join(", ")}`);
      out.push(`- ${code(r.id)} ${r.change}: ${parts.join("; ")}`);
    }
    out.push("");
  }
  if (resources && shards) out.push(...shardSection(shards, resources));
  if (resources) out.push(...resourceSection(resources, keptSets(d)));
  else if (
    d.tenants.added.length + d.tenants.removed.length + d.tenants.changed.length + d.zones.length + d.certificates.length + d.routes.length ===
    0
  ) {
    out.push("Only settings outside tenants, records, certificates and routes change; see the full plan.", "");
  }
  return out.join("\n");
}

/**
 * The entry point `npm run plan -- --config head.yaml --base base.yaml [--json]` uses; `resources` are the provider
 * changes of the change simulation, when the caller ran it.
 */
export function renderPlanDiff(base: Plan, head: Plan, format: "markdown" | "json", resources?: readonly ProviderChange[]): string {
  return renderDiff(diffPlans(base, head), format, resources);
}

/** The same for a diff the caller already has (the plan CLI's safety gate reads it too). */
/** `shards`: the estate's shards, when the review ran stack by stack (each resource change carries its shard). */
export function renderDiff(d: PlanDiff, format: "markdown" | "json", resources?: readonly ProviderChange[], shards?: readonly string[]): string {
  if (format === "json") {
    const blocking = resources ? blockingWarnings(d, resources) : [];
    const extra = resources ? { resources: orderChanges(resources, keptSets(d)), blocking, resourceWarnings: entryPointWarnings(resources) } : {};
    const stacks = resources && shards ? { shards: { all: shards, affected: affectedShards(shards, resources) } } : {};
    return `${JSON.stringify({ changes: !d.identical || (resources?.length ?? 0) > 0, ...d, ...extra, ...stacks }, null, 2)}\n`;
  }
  return renderPlanDiffMarkdown(d, resources, shards);
}
