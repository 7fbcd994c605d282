/**
 * The plan as a Markdown review, in the shape of Microsoft's Planning Tool reports: tenants, DNS records per zone,
 * certificates with subject and SANs, reverse-proxy publishing rules, warnings.
 */
import { isIPv6 } from "node:net";
import { formatWarning, groupBy, type Plan, type PlanCertificate, type PlanRoute } from "../plan/types";
import { completion, missingText } from "../plan/onboarding";

/** A Markdown table cell: a "|" inside would end it. */
export const cell = (s: string) => s.replace(/\|/g, "\\|");
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");

function routePaths(r: PlanRoute): string {
  if (r.paths.allow === "all")
    return r.paths.deny ? `all paths but ${r.paths.deny.map((p) => `\`${p}\``).join(", ")} and below (any case; refused)` : "all paths";
  return `only ${r.paths.allow.map((p) => `\`${p}\``).join(", ")} (any query); every other path refused`;
}

export function planToMarkdown(plan: Plan): string {
  const out: string[] = [];
  const onPrem = plan.tenants.filter((t) => t.home === "onPremises").length;
  out.push(`# Lync deployment plan: ${plan.infrastructureDomain}`);
  out.push("");
  out.push(
    `${plan.tenants.length} SIP domains (${onPrem} on-premises, ${plan.tenants.length - onPrem} online), ${plan.records.length} DNS records in ${plan.zones.length} zones, ` +
      `${certificateCount(plan.certificates)}, ${plan.routes.length} reverse-proxy routes. Product: ${plan.product}; lyncdiscover over ${plan.lyncdiscover.toUpperCase()}; meet URLs: ${plan.meetStyle}.`,
  );

  out.push("", "## Tenants", "");
  out.push(
    table(
      ["SIP domain", "zone", "home", "edge pool", "meet URL", "names on certificates"],
      plan.tenants.map((t) => [
        t.name,
        `${t.zone} (${t.zoneProvider})`,
        t.home,
        t.edgePool ?? "-",
        t.meetUrl ?? "-",
        Object.entries(t.certificateNames)
          .map(([c, n]) => `${c}: ${n.join(", ")}`)
          .join("; ") || "-",
      ]),
    ),
  );

  out.push(...onboardingSection(plan));

  out.push("", "## DNS records", "");
  // One pass over the records, not one per zone: a hoster has a zone per tenant (zones x records was 89 s at 10,000).
  const byZone = groupBy(plan.records, (r) => r.zone);
  for (const zone of plan.zones) {
    const records = byZone.get(zone.name) ?? [];
    if (records.length === 0) continue;
    out.push(`### ${zone.name} (${zone.provider}${zone.provider === "external" ? ": create these records yourself" : ""})`, "");
    out.push(
      table(
        ["name", "type", "TTL", "data", "rule", "owner"],
        records.map((r) => [r.name, r.type, String(r.ttl), `${r.data}${r.proxied ? " (proxied)" : ""}`, r.rule, r.sipDomain ?? "shared"]),
      ),
    );
    out.push("");
  }

  out.push("## Certificates", "");
  for (const c of plan.certificates) {
    out.push(`### ${c.id}: ${c.dnsNames.length}/${c.limit} names (${c.caProfile})`, "");
    out.push(`Subject: CN=${c.subject.commonName}`, "");
    out.push(`The CA must issue: ${issuanceText(c)}`, "");
    out.push(
      table(
        ["SAN", "for"],
        c.dnsNames.map((n) => [n, c.nameOwners[n] ?? "shared"]),
      ),
    );
    out.push("");
  }

  out.push("## Reverse proxy", "");
  out.push(
    table(
      ["route", "listener", "host names", "backend", "paths", "rule"],
      plan.routes.map((r) => [
        r.id,
        `${r.listener.protocol.toUpperCase()} ${r.listener.addresses.map((a) => hostPort(a, r.listener.port)).join(", ")}${r.listener.certificate ? ` (cert ${r.listener.certificate})` : ""}`,
        r.listener.hostNames.join(", "),
        `${r.backend.protocol}://${hostPort(r.backend.address, r.backend.port)}, original Host, ${r.backend.requestTimeoutSeconds} s${r.backend.sniName ? `, backend certificate name ${r.backend.sniName}` : ""}`,
        routePaths(r),
        r.rule,
      ]),
    ),
  );

  out.push("", "## Simple URLs", "");
  out.push(
    table(
      ["kind", "URL", "SIP domain", "published"],
      plan.simpleUrls.map((u) => [u.kind, u.url, u.sipDomain ?? "-", u.published ? "yes" : "no (internal only)"]),
    ),
  );

  out.push("", "## Warnings", "");
  if (plan.warnings.length === 0) out.push("None.");
  for (const w of plan.warnings) out.push(`- ${formatWarning(w)}`);
  return `${out.join("\n")}\n`;
}

/** Who holds each certificate's one key (the PFX is imported on every one of them). */
const KEY_HOLDERS: Record<PlanCertificate["kind"], string> = {
  edgeExternal: "every edge server of the pool",
  reverseProxy: "every gateway instance",
  frontEnd: "every Front End Server of the pool",
};

/** `3 public certificates`, and the internal CA's (the Front End pool's) when the plan requests one. */
function certificateCount(certificates: readonly PlanCertificate[]): string {
  const internal = certificates.filter((c) => c.kind === "frontEnd").length;
  const text = `${certificates.length - internal} public certificates`;
  return internal === 0 ? text : `${text} and ${internal} from the internal CA`;
}

/** `address:port`, an IPv6 address in brackets (RFC 3986 3.2.2), so that the port cannot be read as part of it. */
export function hostPort(address: string, port: number): string {
  return `${isIPv6(address) ? `[${address}]` : address}:${port}`;
}

const SOURCES = {
  issued: "the issued certificate given to the stack",
  declared: "certificates.inService",
  testCa: "the stack's test CA (every name)",
};

/** ONBOARD-ORDER: what each certificate in service is known to carry, and the tenants that wait for it. */
function onboardingSection(plan: Plan): string[] {
  const { inService, waiting } = plan.onboarding;
  const known = plan.certificates.map((c) => `${c.id}: ${inService[c.id] ? SOURCES[inService[c.id].source] : "not known, so not gated"}`);
  const out = ["", "## Onboarding (ONBOARD-ORDER)", "", `Names in service: ${known.join("; ")}.`, ""];
  if (waiting.length === 0) return [...out, "Every tenant's names are on the certificates in service."];
  return [
    ...out,
    table(
      ["SIP domain", "state", "not yet on the certificate in service", "records", "to complete"],
      waiting.map((w) => [
        w.sipDomain,
        w.state === "pending" ? "pending: records held back" : "published before its certificate (publishBeforeCertificate)",
        missingText(w.missing),
        w.records.join(", "),
        w.state === "pending" ? completion(w.missing, inService) : "install the CA's answer",
      ]),
    ),
  ];
}

const EKU_NAMES = { serverAuth: "Server Authentication", clientAuth: "Client Authentication" } as const;

/**
 * CERT-EKU: the usages, the CRL distribution point and the key, as an operator orders them from the CA. Server
 * Authentication is required (S57); Client Authentication is a precaution for federation's mutual TLS, which Microsoft
 * requires only for public IM with AOL (S19, S55), so it is worded as asked for, not as required.
 */
export function issuanceText(c: Pick<PlanCertificate, "issuance" | "kind">): string {
  const key = KEY_HOLDERS[c.kind];
  const client = c.issuance.extendedKeyUsages.includes("clientAuth")
    ? ` ${EKU_NAMES.clientAuth} too where the CA still issues it (a precaution: this edge is the client of federation's mutual TLS; Microsoft requires it only for public IM with AOL);`
    : "";
  return `EKU ${EKU_NAMES.serverAuth};${client} a CRL distribution point; for the stack's key (exportable, one for ${key}).`;
}
