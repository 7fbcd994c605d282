/**
 * Renders a plan diff for a pull-request comment (Markdown) or for tools (JSON). Markdown puts the warnings first:
 * a reviewer who reads only the top must still see anything destructive.
 */
import type { Plan } from "../plan/types";
import { diffPlans, type PlanDiff, type RecordSetDiff } from "../plan/diff";
import { cell } from "./markdown";

const code = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => (xs.length === 0 ? "–" : xs.map(code).join(", "));

function summary(d: PlanDiff): string {
  const count = (f: (z: PlanDiff["zones"][number]) => number) => d.zones.reduce((n, z) => n + f(z), 0);
  return [
    `${d.tenants.added.length} tenant(s) added`,
    `${d.tenants.removed.length} removed`,
    `${count((z) => z.added.length)} record set(s) added`,
    `${count((z) => z.removed.length)} removed`,
    `${count((z) => z.changed.length)} changed`,
    `${d.certificates.filter((c) => c.change !== "removed").length} certificate(s) to (re-)issue`,
    `${d.routes.length} route change(s)`,
    `${d.warnings.length} warning(s)`,
  ].join(", ");
}

function recordRow(sign: string, r: RecordSetDiff): string {
  const ttl = r.before && r.after && r.before.ttl !== r.after.ttl ? `${r.before.ttl} → ${r.after.ttl}` : String((r.after ?? r.before)!.ttl);
  const data = (x: RecordSetDiff["before"]) => (x ? x.data.join("<br>") : "");
  const rdata =
    sign === "~" && r.before && r.after && data(r.before) !== data(r.after) ? `${data(r.before)} → ${data(r.after)}` : data(r.after ?? r.before);
  const proxied = r.before && r.after && r.before.proxied !== r.after.proxied ? ` (proxied ${r.before.proxied} → ${r.after.proxied})` : "";
  return `| ${sign} | ${cell(r.name)} | ${r.type} | ${ttl} | ${cell(rdata)}${proxied} | ${r.sipDomain ?? "shared"} |`;
}

export function renderPlanDiffMarkdown(d: PlanDiff): string {
  const out: string[] = ["## Lync plan diff", ""];
  if (d.identical)
    return [...out, "**No changes**: both configurations give the same plan (no changes to tenants, records, certificates or routes).", ""].join(
      "\n",
    );
  out.push(`**${summary(d)}**`, "");
  if (d.warnings.length + d.newPlanWarnings.length > 0) {
    out.push("### Warnings", "");
    for (const w of d.warnings) out.push(`- ⚠️ [${w.rule}]${w.subject ? ` ${code(w.subject)}:` : ""} ${w.message}`);
    for (const w of d.newPlanWarnings) out.push(`- ⚠️ new plan warning [${w.rule}]${w.subject ? ` ${code(w.subject)}:` : ""} ${w.message}`);
    out.push("");
  }
  const t = d.tenants;
  if (t.added.length + t.removed.length + t.changed.length > 0) {
    out.push("### Tenants", "");
    if (t.added.length) out.push(`- added: ${list(t.added)}`);
    if (t.removed.length) out.push(`- removed: ${list(t.removed)}`);
    for (const c of t.changed) out.push(`- changed ${code(c.name)}: ${c.changes.join("; ")}`);
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
  if (d.tenants.added.length + d.tenants.removed.length + d.tenants.changed.length + d.zones.length + d.certificates.length + d.routes.length === 0) {
    out.push("Only settings outside tenants, records, certificates and routes change; see the full plan.", "");
  }
  return out.join("\n");
}

/** The entry point `npm run plan -- --config head.yaml --base base.yaml [--json]` uses. */
export function renderPlanDiff(base: Plan, head: Plan, format: "markdown" | "json"): string {
  const d = diffPlans(base, head);
  if (format === "json") return `${JSON.stringify({ changes: !d.identical, ...d }, null, 2)}\n`;
  return renderPlanDiffMarkdown(d);
}
