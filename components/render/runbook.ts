/**
 * The Lync-side runbook of a plan: a Lync Server Management Shell (PowerShell) script with the steps that the Pulumi
 * program cannot take because they run inside the Lync deployment: SIP domains, simple URLs, Enable-CsComputer, the
 * Front End pool's certificate on every Front End Server and the external edge certificate on every Edge Server. `runbookScript` writes the whole deployment, `runbookForChange` only
 * what a change between two plans needs. Every step looks before it acts, so a second run changes nothing, and the
 * script stops at the first error. Each command and its Microsoft source: docs/runbook.md. Pure: plans in, text out.
 */
import { diffPlans } from "../plan/diff";
import type { Plan, PlanCertificate, PlanSimpleUrl } from "../plan/types";
import { compareText } from "../spec/names";
import {
  comment,
  edgeStep,
  frontEndStep,
  frontEndCertificateStep,
  optionalSections,
  psQuote,
  reverseProxyNote,
  simpleUrlLines,
  sipDomainAdd,
  sipDomainRemove,
  sharedAddressSpaceLines,
  federationRouteNote,
  xmppPartnerNote,
  onlineFederationLines,
  type RunbookStep,
} from "./runbookSteps";
import { onboardingNotes } from "./runbookOnboarding";

export { psQuote } from "./runbookSteps";

const MODULE: Record<Plan["product"], readonly [module: string, product: string]> = {
  lync2013: ["Lync", "Lync Server 2013"],
  sfb2015: ["SkypeForBusiness", "Skype for Business Server 2015"],
  sfb2019: ["SkypeForBusiness", "Skype for Business Server 2019"],
};

const KIND_ORDER: Record<PlanSimpleUrl["kind"], number> = { dialin: 0, admin: 1, meet: 2 };
const sortUrls = (urls: readonly PlanSimpleUrl[]): PlanSimpleUrl[] =>
  [...urls].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.sipDomain ?? "", b.sipDomain ?? "") || compareText(a.url, b.url));
const edgeCertificates = (certs: readonly PlanCertificate[]) =>
  certs.filter((c) => c.kind === "edgeExternal").sort((a, b) => compareText(a.id, b.id));
const frontEndCertificates = (certs: readonly PlanCertificate[]) =>
  certs.filter((c) => c.kind === "frontEnd").sort((a, b) => compareText(a.id, b.id));
const onPremises = (plan: Plan) => new Set(plan.tenants.filter((t) => t.home === "onPremises").map((t) => t.name));
const splitDomains = (plan: Plan) => plan.tenants.filter((t) => t.sharedSipAddressSpace).map((t) => t.name);
/** Online SIP domains that federate through Microsoft's edge; with split domains the hosting provider exists already. */
const onlineFederating = (plan: Plan) =>
  splitDomains(plan).length > 0 ? [] : plan.tenants.filter((t) => t.home === "online" && t.federation).map((t) => t.name);

function configurationStep(lines: readonly string[]): RunbookStep {
  return { name: "Configuration", where: "once, on a Front End Server, as a member of RTCUniversalServerAdmins", lines };
}

function render(product: Plan["product"], title: string, source: string, steps: readonly RunbookStep[], notes: readonly string[]): string {
  const [module, productName] = MODULE[product];
  const out = [
    `#Requires -Modules ${module}`,
    ...comment(
      `${title} (${productName}), generated from ${source}:`,
      "change the spec and generate it again rather than edit it. Each command and its Microsoft source: docs/runbook.md.",
    ),
  ];
  if (steps.length === 0) {
    out.push(
      ...comment("No SIP domain, simple URL or edge certificate changes: this script changes nothing."),
      '$ErrorActionPreference = "Stop"',
      ...notes,
      "Write-Output 'No Lync-side change: nothing to run.'",
    );
    return `${out.join("\n")}\n`;
  }
  out.push(
    ...comment("Run it in the management shell one step at a time, where each step says:"),
    ...steps.flatMap((s) => comment(`  .\\runbook.ps1 -Step ${s.name}   ${s.where}`)),
    ...comment("Every step looks before it changes anything, so running it twice changes nothing; it stops at the first error."),
    "param(",
    "  [Parameter(Mandatory = $true)]",
    `  [ValidateSet(${steps.map((s) => psQuote(s.name)).join(", ")})]`,
    "  [string] $Step,",
    "  # 'Global' or 'site:<name>': where the simple URLs are kept (docs/rules.md 4).",
    "  [string] $SimpleUrlScope = 'Global',",
    "  # The folder with the edge certificates' PFX files (Edge steps).",
    "  [string] $PfxDirectory = $PSScriptRoot",
    ")",
    '$ErrorActionPreference = "Stop"',
  );
  for (const s of steps) out.push("", `if ($Step -eq ${psQuote(s.name)}) {`, ...s.lines.map((l) => (l ? `  ${l}` : l)), "}");
  if (notes.length > 0) out.push("", ...notes);
  return `${out.join("\n")}\n`;
}

/** The whole deployment, for any state of the servers: what exists already is left as it is. */
export function runbookScript(plan: Plan): string {
  const tenants = [...plan.tenants].sort((a, b) => compareText(a.name, b.name));
  const online = tenants.filter((t) => t.home === "online").map((t) => t.name);
  const config = [
    ...comment("SIP domains homed on premises (docs/rules.md 0): each one only where Get-CsSipDomain finds none."),
    ...tenants.filter((t) => t.home === "onPremises").flatMap((t) => sipDomainAdd(t.name)),
    ...(online.length === 0
      ? []
      : comment(
          "Homed online (Microsoft-hosted only), so no SIP domain here: a SIP domain of this deployment makes it the home of",
          "those addresses, so messages to their Microsoft-hosted users would stay inside instead of being federated. Only a",
          "split domain (shared SIP address space, Microsoft 365 as hosting provider) is on premises and online at once",
          `(docs/rules.md R-DNS-11, docs/runbook.md): ${online.join(", ")}.`,
        )),
    ...sharedAddressSpaceLines(splitDomains(plan)),
    ...onlineFederationLines(onlineFederating(plan)),
    ...federationRouteNote(plan.federationRoute),
    ...xmppPartnerNote(plan.product === "sfb2019" ? [] : tenants.filter((t) => t.xmpp).map((t) => t.name)),
    ...simpleUrlLines(sortUrls(plan.simpleUrls), []),
  ];
  const steps = [
    configurationStep(config),
    frontEndStep(true),
    ...frontEndCertificates(plan.certificates).map(frontEndCertificateStep),
    ...edgeCertificates(plan.certificates).map((c) => edgeStep(plan, c)),
  ];
  const notes = [
    ...reverseProxyNote(
      plan,
      plan.certificates.filter((c) => c.kind === "reverseProxy"),
      false,
    ),
    "",
    ...onboardingNotes(plan),
    ...optionalSections(plan),
  ];
  return render(plan.product, `Lync-side runbook of the deployment ${plan.infrastructureDomain}`, "the plan", steps, notes);
}

/**
 * Only what the change from `base` to `head` needs: SIP domains that come or go on premises, their simple URLs (and any
 * other simple URL that changes), Enable-CsComputer after those, and the import of every edge certificate that is
 * re-issued (a pool whose SIP domains change). Nothing about the tenants that stay as they are.
 */
export function runbookForChange(base: Plan, head: Plan): string {
  const [before, after] = [onPremises(base), onPremises(head)];
  const homeOf = (p: Plan, name: string) => p.tenants.find((t) => t.name === name)?.home;
  const added = [...after].filter((n) => !before.has(n)).sort(compareText);
  const removed = [...before].filter((n) => !after.has(n)).sort(compareText);
  const key = (u: PlanSimpleUrl) => `${u.kind}\n${u.sipDomain ?? ""}`;
  const oldUrls = new Map(base.simpleUrls.map((u) => [key(u), u.url]));
  const newKeys = new Set(head.simpleUrls.map(key));
  const setUrls = sortUrls(head.simpleUrls.filter((u) => oldUrls.get(key(u)) !== u.url));
  const dropUrls = sortUrls(base.simpleUrls.filter((u) => !newKeys.has(key(u))));
  // The hosting provider comes with the first split domain; later ones share it.
  const firstSplit = splitDomains(base).length === 0 ? splitDomains(head) : [];
  const config = [
    ...added.flatMap((d) => sipDomainAdd(d, homeOf(base, d) === "online" ? `${d} moves on premises (it was homed online).` : `New SIP domain ${d}.`)),
    ...sharedAddressSpaceLines(firstSplit),
    ...onlineFederationLines(onlineFederating(base).length === 0 ? onlineFederating(head) : []),
    ...(base.federationRoute === head.federationRoute ? [] : federationRouteNote(head.federationRoute)),
    ...xmppPartnerNote(head.tenants.filter((t) => t.xmpp && !base.tenants.some((b) => b.name === t.name && b.xmpp)).map((t) => t.name)),
    ...simpleUrlLines(setUrls, dropUrls),
    ...(removed.length > 0
      ? comment("Remove-CsSipDomain refuses the default SIP domain and any domain still in a user's SIP address: move those users first.")
      : []),
    ...removed.flatMap((d) => sipDomainRemove(d, homeOf(head, d) === "online" ? `${d} is now homed online.` : `${d} leaves the plan.`)),
  ];

  const certificates = new Map([...base.certificates, ...head.certificates].map((c) => [c.id, c]));
  const certificateChanges = diffPlans(base, head).certificates;
  const changed = certificateChanges.filter((c) => certificates.get(c.id)!.kind === "edgeExternal");
  const reissued = edgeCertificates(head.certificates.filter((c) => changed.some((d) => d.id === c.id)));
  const retired = changed.filter((d) => d.change === "removed").map((d) => certificates.get(d.id)!);
  const steps = [
    ...(config.length > 0 ? [configurationStep(config)] : []),
    ...(setUrls.length + dropUrls.length > 0 ? [frontEndStep(added.length > 0)] : []),
    ...frontEndCertificates(head.certificates.filter((c) => certificateChanges.some((d) => d.id === c.id))).map(frontEndCertificateStep),
    ...reissued.map((c) => edgeStep(head, c)),
  ];
  const reverseProxy = certificateChanges.filter((d) => d.change !== "removed" && certificates.get(d.id)!.kind === "reverseProxy");
  const notes = [
    ...retired.flatMap((c) => comment(`Certificate ${c.id} is no longer requested: edge pool ${c.edgePool ?? "-"} left the plan.`)),
    ...reverseProxyNote(
      head,
      head.certificates.filter((c) => reverseProxy.some((d) => d.id === c.id)),
      true,
    ),
    ...onboardingNotes(head, base),
  ];
  return render(head.product, "Lync-side runbook of a change of the plan", "the base and the head plan", steps, notes);
}
