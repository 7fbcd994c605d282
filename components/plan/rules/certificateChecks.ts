/** Plan check: no certificate carries more names than its CA profile allows (docs/rules.md 5a). */
import type { DeploymentSpec } from "../../spec/types";
import type { Plan } from "../types";
import type { Problem } from "../../spec/problems";

export function certificateLimitProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const problems: Problem[] = [];
  for (const c of plan.certificates) {
    if (c.limit === 0 || c.dnsNames.length <= c.limit) continue;
    const tenants = new Set(Object.values(c.nameOwners).filter((o) => o !== null)).size;
    const fixes =
      c.kind === "frontEnd"
        ? "split the SIP domains over several Front End pools, or raise certificates.frontEnd.ca.limit where the internal CA allows more (docs/rules.md 2.5)"
        : c.kind === "edgeExternal"
          ? "add another edge pool (edgePools) and move domains to it with sipDomains[].edgePool, or choose a CA profile with a higher limit"
          : [
              plan.tenants.some((t) => t.meetStyle === "perDomain" || t.meetStyle === "perDomainBase")
                ? "use one shared meet host (simpleUrls.meet: sharedHost, S4 option 3)"
                : undefined,
              plan.lyncdiscover === "https" ? "publish lyncdiscover over HTTP (lyncdiscover: http, S5)" : undefined,
              "choose a CA profile with a higher limit",
            ]
              .filter(Boolean)
              .join(", or ");
    const path =
      c.kind === "frontEnd"
        ? "certificates.frontEnd.ca"
        : c.edgePool === null
          ? "certificates.reverseProxy.ca"
          : `edgePools[${spec.edgePools.findIndex((p) => p.name === c.edgePool)}].certificate.ca`;
    problems.push({
      path,
      subject: c.id,
      rule: "CERT-LIMIT",
      message: `certificate ${c.id} needs ${c.dnsNames.length} names (${tenants} tenant${tenants === 1 ? "" : "s"}) but the ${c.caProfile} profile allows ${c.limit}: ${fixes}`,
    });
  }
  return problems;
}
