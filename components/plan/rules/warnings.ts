/** Warnings: what is valid but deserves a reviewer's attention. */
import type { DeploymentSpec } from "../../spec/schema";
import type { Plan, PlanWarning } from "../types";
import { compareText, isWithin } from "../../spec/names";

/** A rule that adds warnings to the plan: the core's (planWarnings) and the adapters' (validation/registry.ts). */
export type WarningRule = (spec: DeploymentSpec, plan: Omit<Plan, "warnings">) => PlanWarning[];

/** Walk domains and zones by name, so that the order of the input lists never reaches the plan. */
export function byNameSpec(input: DeploymentSpec): DeploymentSpec {
  const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);
  return { ...input, sipDomains: [...input.sipDomains].sort(byName), zones: [...input.zones].sort(byName) };
}

export function planWarnings(input: DeploymentSpec, plan: Omit<Plan, "warnings">): PlanWarning[] {
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
      message:
        "no _sipfederationtls._tcp record: push notifications may not work (R-DNS-04); to hide the domain from discovery, disable partner domain discovery instead",
    });
  }
  for (const c of plan.certificates) {
    if (c.limit > 0 && c.dnsNames.length <= c.limit && c.dnsNames.length >= Math.ceil(c.limit * 0.9)) {
      warnings.push({ rule: "CERT-LIMIT", subject: c.id, message: `certificate ${c.id} uses ${c.dnsNames.length} of ${c.limit} names` });
    }
  }
  return warnings;
}
