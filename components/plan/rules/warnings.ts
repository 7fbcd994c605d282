/** Warnings: what is valid but deserves a reviewer's attention. */
import type { DeploymentSpec } from "../../spec/types";
import type { PlanWarning, UngatedPlan } from "../types";
import { compareText, isWithin } from "../../spec/names";

/** A rule that adds warnings to the plan: the core's (planWarnings) and the adapters' (validation/registry.ts). */
export type WarningRule = (spec: DeploymentSpec, plan: Omit<UngatedPlan, "warnings">) => PlanWarning[];

/** Walk domains and zones by name, so that the order of the input lists never reaches the plan. */
export function byNameSpec(input: DeploymentSpec): DeploymentSpec {
  const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);
  return { ...input, sipDomains: [...input.sipDomains].sort(byName), zones: [...input.zones].sort(byName) };
}

export function planWarnings(input: DeploymentSpec, plan: Omit<UngatedPlan, "warnings">): PlanWarning[] {
  const spec = byNameSpec(input);
  const warnings: PlanWarning[] = [];
  const onPremises = spec.sipDomains.filter((d) => d.home === "onPremises");
  if (spec.lyncdiscover === "http" && onPremises.length > 0) {
    warnings.push({
      rule: "S6",
      message:
        'lyncdiscover over HTTP: Microsoft says "This approach is supported, but we do not recommend it" (S6, S27). Only the autodiscover root is served over HTTP; everything else needs HTTPS.',
    });
    if (!spec.webServices.lyncdiscoverHttpIpv4) {
      warnings.push({
        rule: "R-DNS-08",
        message:
          "lyncdiscover.<d> points at the reverse proxy's address, which also answers HTTPS: a mobile client that tries https://lyncdiscover.<d> in parallel meets a certificate without that name and ends that attempt (S5). Set webServices.lyncdiscoverHttpIpv4 to an address without HTTPS so that attempt fails to connect instead.",
      });
    }
    // No count in the text: the warning must stay the same when a tenant is added (plan diffs compare warnings).
    if (onPremises.some((d) => !isWithin(spec.webServices.externalFqdn, d.name))) {
      warnings.push({
        rule: "S17",
        message: `SIP domains that do not contain ${spec.webServices.externalFqdn} reach the external web services outside their own domain: desktop clients may ask "cannot verify that the server is trusted for your sign-in address" unless that domain is pre-trusted (TrustModelData GPO, S16, S17).`,
      });
    }
  }
  if (spec.lyncdiscover === "https" && spec.webServices.lyncdiscoverHttpIpv4) {
    warnings.push({ rule: "S5", message: "webServices.lyncdiscoverHttpIpv4 is only used with lyncdiscover: http and is ignored" });
  }
  for (const d of spec.sipDomains.filter((x) => !x.federation)) {
    warnings.push({
      rule: "R-DNS-04",
      subject: d.name,
      // Our edge's partner discovery is no lever for a Microsoft-hosted domain: its federation is the tenant's setting.
      message:
        d.home === "online"
          ? "no _sipfederationtls._tcp record for a domain Microsoft hosts: partners cannot discover it, although Microsoft publishes sipfed.online.lync.com for it (S13); to restrict federation, change external access in its Microsoft 365 tenant and keep the record"
          : "no _sipfederationtls._tcp record: push notifications may not work (R-DNS-04); to hide the domain from discovery, disable partner domain discovery instead",
    });
  }
  // S4: "Simple URLs can contain only alphanumeric characters ... If you use other characters, the simple URLs might not
  // work as expected." A meet host derived from a hyphenated SIP domain keeps the hyphen (DNS allows it, R-DNS-12).
  for (const t of plan.tenants.filter((x) => x.meetUrl !== null && x.meetStyle !== "sharedHost" && new URL(x.meetUrl).hostname.includes("-"))) {
    warnings.push({
      rule: "S4",
      subject: t.name,
      message: `the meet URL ${t.meetUrl} has a hyphen in its host, which DNS allows (R-DNS-12) but S4's character rule does not list ("might not work as expected"): try it before giving it to users, or use the shared host (meet: sharedHost, S4 option 3), whose path drops the hyphen`,
    });
  }
  warnings.push(...keyWarnings(spec));
  // FED-ROUTE: without a route, every pool with federating domains must be its own site's federation route.
  const federating = plan.certificates.filter((c) => c.kind === "edgeExternal" && c.issuance.extendedKeyUsages.includes("clientAuth"));
  if (!spec.federationRoute && federating.length > 1) {
    warnings.push({
      rule: "FED-ROUTE",
      message: `edge pools ${federating.map((c) => c.edgePool).join(", ")} each federate for their own SIP domains: each must be the federation route of its own site (Topology Builder, "Site federation route assignment", SIP and XMPP), with the users of each SIP domain homed in that site; where one pool carries all federation, name it in federationRoute`,
    });
  }
  for (const c of plan.certificates.filter((x) => !x.issuance.caIssuesAll)) {
    warnings.push({
      rule: "CERT-EKU",
      subject: c.id,
      message: `this edge federates, and federation is mutual TLS in which the edge presents ${c.id} as the client; public CAs no longer include the Client Authentication EKU by default (S58, S59), and a partner whose TLS stack checks it may refuse the connection (Microsoft names the EKU only for AOL, so this is a precaution). Order it where the CA still offers it and say so with ca.clientAuth: true`,
    });
  }
  for (const c of plan.certificates) {
    if (c.limit > 0 && c.dnsNames.length <= c.limit && c.dnsNames.length >= Math.ceil(c.limit * 0.9)) {
      warnings.push({ rule: "CERT-LIMIT", subject: c.id, message: `certificate ${c.id} uses ${c.dnsNames.length} of ${c.limit} names` });
    }
  }
  return warnings;
}

/**
 * CERT-KEY: Microsoft lists RSA key lengths 1024, 2048 and 4096 (2048 and above recommended) and the ECDH_P256/P384/P521
 * algorithms for Lync Server 2013 certificates (docs/rules.md CERT-KEY). 3072 is none of them; ECDSA is listed for
 * the servers, but older clients and desk phones may not negotiate it.
 */
export function keyWarnings(spec: Pick<DeploymentSpec, "certificates">): PlanWarning[] {
  const key = spec.certificates.key;
  if (key.algorithm === "RSA" && key.rsaBits === 3072) {
    return [
      {
        rule: "CERT-KEY",
        message:
          "RSA 3072 is not among the key lengths Microsoft lists for Lync / Skype for Business certificates (1024, 2048, 4096): use 2048 or 4096",
      },
    ];
  }
  if (key.algorithm === "ECDSA") {
    return [
      {
        rule: "CERT-KEY",
        message: `ECDSA ${key.ecdsaCurve}: listed for the servers (ECDH_P256/P384/P521), but Lync 2010 clients, Lync Phone Edition and older desk phones may not negotiate it; RSA 2048 is what every client accepts`,
      },
    ];
  }
  return [];
}
