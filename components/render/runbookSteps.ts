/**
 * The PowerShell of the Lync-side runbook (render/runbook.ts), one piece per kind of step: SIP domains, simple URLs,
 * Enable-CsComputer, the external edge certificate, and the commented notes. Every value reaches PowerShell through
 * psQuote, and every comment through comment(). Sources of each command: docs/runbook.md.
 */
import { psQuote } from "./powershell";
import type { Plan, PlanCertificate, PlanSimpleUrl } from "../plan/types";
import { compareText } from "../spec/names";

/** The quoting of every value (powershell.ts), re-exported for the runbook's callers. */
export { psQuote };

/** `#` comment lines: a line break inside a value would end the comment and run the rest as code. */
export const comment = (...lines: string[]): string[] => lines.map((l) => `# ${l.replace(/[\r\n\u0085\u2028\u2029]+/g, " ")}`.trimEnd());

const indent = (l: string) => (l ? `  ${l}` : l);

/** One `-Step` value of the script: where it runs and what it does. */
export interface RunbookStep {
  readonly name: string;
  readonly where: string;
  readonly lines: readonly string[];
}

export function sipDomainAdd(domain: string, why?: string): string[] {
  return [
    ...(why ? comment(why) : []),
    `if (-not (Get-CsSipDomain -Filter ${psQuote(domain)})) {`,
    `  New-CsSipDomain -Identity ${psQuote(domain)}`,
    "}",
  ];
}

export function sipDomainRemove(domain: string, why: string): string[] {
  return [...comment(why), `if (Get-CsSipDomain -Filter ${psQuote(domain)}) {`, `  Remove-CsSipDomain -Identity ${psQuote(domain)}`, "}"];
}

/** Microsoft's reference names the admin component Admin; Topology Builder and deployment scripts store Cscp. */
const COMPONENT: Record<PlanSimpleUrl["kind"], string> = { meet: "Meet", dialin: "Dialin", admin: "Cscp" };
const FIND =
  "@((Get-CsSimpleUrlConfiguration -Identity $SimpleUrlScope).SimpleUrl | Where-Object { $_.Component -eq $Component -and $_.Domain -eq $Domain })";

const SET_FUNCTION = [
  "function Set-PlannedSimpleUrl([string] $Component, [string] $Domain, [string] $Url) {",
  `  $current = ${FIND}`,
  "  if ($current.Count -eq 1 -and $current[0].ActiveUrl -eq $Url) { return }",
  ...comment("Only the missing entry is added: an earlier URL stays as an inactive entry, so that meetings scheduled", "with it keep working.").map(
    indent,
  ),
  "  $urls = @($current | ForEach-Object { $_.SimpleUrlEntry } | ForEach-Object { $_.Url }) + $Url | Select-Object -Unique",
  "  $planned = New-CsSimpleUrl -Component $Component -Domain $Domain -SimpleUrlEntry @($urls | ForEach-Object { New-CsSimpleUrlEntry -Url $_ }) -ActiveUrl $Url",
  "  $change = @{ Add = $planned }",
  "  if ($current.Count -gt 0) { $change.Remove = $current }",
  "  Set-CsSimpleUrlConfiguration -Identity $SimpleUrlScope -SimpleUrl $change",
  "}",
];

const REMOVE_FUNCTION = [
  "function Remove-PlannedSimpleUrl([string] $Component, [string] $Domain) {",
  ...comment("A site collection that does not exist holds nothing to remove.").map(indent),
  "  if (-not (Get-CsSimpleUrlConfiguration -Identity $SimpleUrlScope -ErrorAction SilentlyContinue)) { return }",
  `  $current = ${FIND}`,
  "  if ($current.Count -eq 0) { return }",
  "  Set-CsSimpleUrlConfiguration -Identity $SimpleUrlScope -SimpleUrl @{ Remove = $current }",
  "}",
];

/**
 * A site's simple URL collection exists only once created (the global one always does): Set-CsSimpleUrlConfiguration
 * changes an existing collection, New-CsSimpleUrlConfiguration creates a site's (docs/runbook.md).
 */
const CREATE_COLLECTION = [
  "if (-not (Get-CsSimpleUrlConfiguration -Identity $SimpleUrlScope -ErrorAction SilentlyContinue)) {",
  "  New-CsSimpleUrlConfiguration -Identity $SimpleUrlScope",
  "}",
];

/** Simple URLs to set (added or changed) and to drop, as calls of two helper functions that look first. */
export function simpleUrlLines(set: readonly PlanSimpleUrl[], drop: readonly PlanSimpleUrl[]): string[] {
  if (set.length + drop.length === 0) return [];
  const target = (u: PlanSimpleUrl) => `-Component ${psQuote(COMPONENT[u.kind])} -Domain ${psQuote(u.sipDomain ?? "*")}`;
  return [
    ...comment(
      "Simple URLs (docs/rules.md 4): a Meet URL per SIP domain, one Dialin URL, the optional admin URL (component Cscp).",
      "Microsoft keeps the global ones in Topology Builder (S4): with -SimpleUrlScope 'Global', enter the same URLs there",
      "too, or the next publishing of the topology may bring the old ones back.",
    ),
    ...(set.length > 0 ? [...CREATE_COLLECTION, ...SET_FUNCTION] : []),
    ...(drop.length > 0 ? REMOVE_FUNCTION : []),
    ...drop.map((u) => `Remove-PlannedSimpleUrl ${target(u)}`),
    ...set.map((u) => `Set-PlannedSimpleUrl ${target(u)} -Url ${psQuote(u.url)}`),
  ];
}

/**
 * Hybrid (docs/rules.md HYBRID, S10): the edge federates by DNS SRV with partner discovery, and Microsoft 365 is a
 * hosting provider that shares the address space of the split domains, with Microsoft's six settings. It is looked up
 * by its proxy, because deployments name it LyncOnline or Office365; an existing one gets the settings that differ
 * (Microsoft removes and recreates it, which interrupts its users' federation meanwhile).
 */
export function sharedAddressSpaceLines(splitDomains: readonly string[]): string[] {
  if (splitDomains.length === 0) return [];
  const proxy = psQuote("sipfed.online.lync.com");
  const autodiscover = psQuote("https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root");
  const settings = `-Enabled $true -EnabledSharedAddressSpace $true -HostsOCSUsers $true -VerificationLevel UseSourceVerification -IsLocal $false -AutodiscoverUrl ${autodiscover}`;
  const differs = `-not ($_.Enabled -and $_.EnabledSharedAddressSpace -and $_.HostsOCSUsers -and -not $_.IsLocal -and $_.VerificationLevel -eq 'UseSourceVerification' -and $_.AutodiscoverUrl -eq ${autodiscover})`;
  return [
    ...comment(
      `Split domains (shared SIP address space with Microsoft 365): ${[...splitDomains].sort(compareText).join(", ")}.`,
      "All of them must belong to one Microsoft 365 organization (docs/rules.md HYBRID). The online side is a tenant",
      "setting, run once in Teams PowerShell (MicrosoftTeams module), not here:",
      "  Set-CsTenantFederationConfiguration -SharedSipAddressSpace $true",
    ),
    "if (@(Get-CsAccessEdgeConfiguration | Where-Object { -not ($_.AllowFederatedUsers -and $_.AllowOutsideUsers -and $_.EnablePartnerDiscovery -and $_.RoutingMethod -eq 'UseDnsSrvRouting') }).Count -gt 0) {",
    "  Set-CsAccessEdgeConfiguration -AllowOutsideUsers $true -AllowFederatedUsers $true -EnablePartnerDiscovery $true -UseDnsSrvRouting",
    "}",
    `if (-not (Get-CsHostingProvider | Where-Object { $_.ProxyFqdn -eq ${proxy} })) {`,
    `  New-CsHostingProvider -Identity 'Office365' -ProxyFqdn ${proxy} ${settings}`,
    "}",
    `foreach ($provider in @(Get-CsHostingProvider | Where-Object { $_.ProxyFqdn -eq ${proxy} -and ${differs} })) {`,
    `  Set-CsHostingProvider -Identity $provider.Identity ${settings}`,
    "}",
  ];
}

/**
 * SIP domains homed online whose _sipfederationtls._tcp record points at sipfed.online.lync.com, outside the domain:
 * the edge accepts such a cross-domain target only from a hosting provider (R-DNS-02, HYBRID), so Microsoft 365 is
 * one, without a shared address space. Where split domains made it one already (sharedAddressSpaceLines), nothing is
 * added; a disabled one is enabled.
 */
export function onlineFederationLines(onlineDomains: readonly string[]): string[] {
  if (onlineDomains.length === 0) return [];
  const proxy = psQuote("sipfed.online.lync.com");
  return [
    ...comment(
      `Homed online and federating through sipfed.online.lync.com: ${[...onlineDomains].sort(compareText).join(", ")}. Their`,
      "federation record points outside the SIP domain, which the edge accepts only from a hosting provider: Microsoft 365",
      "(docs/rules.md R-DNS-02, docs/runbook.md).",
    ),
    `if (-not (Get-CsHostingProvider | Where-Object { $_.ProxyFqdn -eq ${proxy} })) {`,
    `  New-CsHostingProvider -Identity 'Office365' -ProxyFqdn ${proxy} -Enabled $true -EnabledSharedAddressSpace $false -HostsOCSUsers $false -VerificationLevel UseSourceVerification -IsLocal $false`,
    "}",
    `foreach ($provider in @(Get-CsHostingProvider | Where-Object { $_.ProxyFqdn -eq ${proxy} -and -not $_.Enabled })) {`,
    "  Set-CsHostingProvider -Identity $provider.Identity -Enabled $true",
    "}",
  ];
}

/**
 * XMPP federation (R-DNS-09): each XMPP partner is allowed by name, which the plan does not know, so the step names the
 * command with placeholders (docs/runbook.md).
 */
export function xmppPartnerNote(xmppDomains: readonly string[]): string[] {
  if (xmppDomains.length === 0) return [];
  return comment(
    `XMPP federation for ${[...xmppDomains].sort(compareText).join(", ")} (docs/rules.md R-DNS-09): allow each XMPP partner`,
    "domain once, after checking Get-CsXmppAllowedPartner, e.g.:",
    "  New-CsXmppAllowedPartner -Identity 'partner.example' -ProxyFqdn 'xmpp.partner.example' -PartnerType Federated",
  );
}

/** FED-ROUTE: the topology must route federation as the plan's records do; Topology Builder holds that setting. */
export function federationRouteNote(route: string | null): string[] {
  if (route === null) return [];
  return comment(
    `Federation route (docs/rules.md FED-ROUTE): the plan's federation records point at edge pool ${route}. In Topology`,
    `Builder, set every site's "Site federation route assignment" (SIP federation and XMPP federation) to that pool,`,
    "enable federation on that edge pool only, and publish the topology; the DNS records assume it.",
  );
}

export function frontEndStep(certificateNote: boolean): RunbookStep {
  return {
    name: "FrontEnd",
    where: "after Configuration, on every Front End Server and Director",
    lines: [
      ...comment(
        "Microsoft: whenever a simple URL changes, run Enable-CsComputer on every Director and Front End Server to",
        "register the change (docs/rules.md 4). It applies what is stored, so running it again is harmless.",
      ),
      "Enable-CsComputer",
      ...(certificateNote
        ? comment(
            "The Front End and Director certificates (internal CA) carry sip.<d>, lyncdiscoverinternal.<d> and",
            "lyncdiscover.<d> of every SIP domain and every meet host (docs/rules.md 2.3). For a new SIP domain, import and",
            "assign them (the FrontEndCertificate step where the plan requests one; else the Certificate Wizard or",
            "Request-CsCertificate, then Set-CsCertificate) before its users sign in.",
          )
        : []),
    ],
  };
}

const EDGE_TYPES = "AccessEdgeExternal, DataEdgeExternal, AudioVideoAuthentication";
const FRONT_END_TYPES = "Default, WebServicesInternal, WebServicesExternal";

/** Read the PFX's thumbprint and import it into the machine store unless it is there already. */
function importPfx(pfx: string): string[] {
  return [
    `$pfxPath = Join-Path -Path $PfxDirectory -ChildPath ${psQuote(pfx)}`,
    `$pfxPassword = Read-Host -AsSecureString -Prompt ${psQuote(`Password of ${pfx}`)}`,
    "$thumbprint = (Get-PfxData -FilePath $pfxPath -Password $pfxPassword).EndEntityCertificates[0].Thumbprint",
    "if (-not (Test-Path -LiteralPath ('Cert:\\LocalMachine\\My\\' + $thumbprint))) {",
    ...comment("Import-CsCertificate takes the password as a String, so it is unwrapped for this call only.").map(indent),
    "  $plain = (New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'pfx', $pfxPassword).GetNetworkCredential().Password",
    "  Import-CsCertificate -Path $pfxPath -Password $plain -PrivateKeyExportable $true",
    "}",
  ];
}

/**
 * Import and assign the Front End pool's certificate (docs/rules.md 2.3): Default, WebServicesInternal and
 * WebServicesExternal at once, the same PFX on every Front End Server of the pool. The OAuthTokenIssuer certificate is
 * global and separate: a note says how the default certificate may serve as it.
 */
export function frontEndCertificateStep(c: PlanCertificate): RunbookStep {
  const pfx = `${c.id}.pfx`;
  const types = FRONT_END_TYPES.split(", ").length;
  return {
    name: `FrontEndCertificate:${c.id.replace(/^front-end-/, "")}`,
    where: `on every Front End Server of the pool ${c.subject.commonName}, with ${pfx} in -PfxDirectory`,
    lines: [
      ...comment(
        `Run on every Front End Server of ${c.subject.commonName}. ${pfx}: certificate ${c.id} as the internal CA issued it,`,
        "with its private key: the pool FQDN, sip.<d>, lyncdiscoverinternal.<d> and lyncdiscover.<d> of every SIP domain,",
        "the web services FQDNs and the simple-URL hosts (docs/rules.md 2.3).",
      ),
      ...importPfx(pfx),
      `if (@(Get-CsCertificate -Type ${FRONT_END_TYPES} -ErrorAction SilentlyContinue | Where-Object { $_.Thumbprint -eq $thumbprint }).Count -lt ${types}) {`,
      `  Set-CsCertificate -Type ${FRONT_END_TYPES} -Thumbprint $thumbprint`,
      "}",
      ...comment(
        "Server-to-server authentication needs an OAuthTokenIssuer certificate, the same on every Front End Server, global",
        "(replicated by Lync) and of at least 2048 bits; the default certificate may serve as it (docs/rules.md 2.3):",
        "  Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint $thumbprint",
      ),
    ],
  };
}

/** Import and assign one edge pool's external certificate: one PFX, the same key on every server of the pool. */
export function edgeStep(plan: Plan, c: PlanCertificate): RunbookStep {
  const pool = c.edgePool ?? c.id;
  const pfx = `${c.id}.pfx`;
  // The pool that federates for an XMPP domain carries its XMPP names (docs/rules.md 2.1): its XMPP proxy needs them.
  const xmpp = plan.product !== "sfb2019" && plan.tenants.some((t) => t.xmpp && c.dnsNames.includes(t.name));
  return {
    name: `Edge:${pool}`,
    where: `on every Edge Server of pool ${pool}, with ${pfx} in -PfxDirectory`,
    lines: [
      ...comment(
        `Run on every Edge Server of pool ${pool}. ${pfx}: certificate ${c.id} as issued, with its private key;`,
        "the same certificate and key on every server of the pool. It is the external edge certificate of the Access Edge,",
        "the Web Conferencing Edge and A/V authentication (docs/rules.md 2.1).",
      ),
      ...importPfx(pfx),
      `if (@(Get-CsCertificate -Type ${EDGE_TYPES} -ErrorAction SilentlyContinue | Where-Object { $_.Thumbprint -eq $thumbprint }).Count -lt 3) {`,
      ...comment(
        "All three uses at once. On a pool in service, A/V authentication can be staged instead, with -Roll and an",
        "-EffectiveDate at least 8 hours (the A/V token lifetime) ahead: docs/runbook.md.",
      ).map(indent),
      `  Set-CsCertificate -Type ${EDGE_TYPES} -Thumbprint $thumbprint`,
      "}",
      ...(xmpp
        ? [
            ...comment("XMPP federation runs on this pool (its XMPP names are on the certificate): the XMPP proxy gets it too."),
            "if (@(Get-CsCertificate -Type XmppServer -ErrorAction SilentlyContinue | Where-Object { $_.Thumbprint -eq $thumbprint }).Count -lt 1) {",
            "  Set-CsCertificate -Type XmppServer -Thumbprint $thumbprint",
            "}",
          ]
        : []),
    ],
  };
}

/** The reverse-proxy certificate goes to the reverse proxy, never to a Lync server. */
export function reverseProxyNote(plan: Plan, certificates: readonly PlanCertificate[], reissued: boolean): string[] {
  return certificates.flatMap((c) => {
    const routes = plan.routes.filter((r) => r.listener.certificate === c.id).map((r) => r.id);
    return comment(
      `Certificate ${c.id}${reissued ? " is re-issued; it" : ""} is not imported by Lync: it belongs on the reverse proxy, on the`,
      `HTTPS listener of ${routes.sort(compareText).join(", ") || "its routes"} (docs/rules.md 2.4).`,
    );
  });
}

/**
 * The default maxLogFileSizeKB of failed request tracing: 512 on IIS 7 and 7.5 (the WMI reference), raised in IIS 8.0
 * (the configuration reference) to 1024 (docs/rules.md S52).
 */
const IIS7_TRACE_KB = 512;
const IIS8_TRACE_KB = 1024;

/** Operator notes for the whole deployment, all commented out: nothing here runs. */
export function optionalSections(plan: Plan): string[] {
  const domains = plan.tenants.filter((t) => t.home === "onPremises").length;
  const web = plan.certificates.find((c) => c.kind === "reverseProxy")?.subject.commonName;
  const appcmd = (kb: number) =>
    `  & "$env:windir\\system32\\inetsrv\\appcmd.exe" set config '-section:system.applicationHost/sites' '/siteDefaults.traceFailedRequestsLogging.maxLogFileSizeKB:${kb}' '/commit:apphost'`;
  const out = comment(
    "Optional, on every Front End Server: Failed Request Tracing (FREB) with many SIP domains.",
    `Lync writes IIS URL rewrite rules for every SIP domain (${domains} here) into its web sites; they lead each domain's`,
    "simple URLs to the web services and need no care. They cost little per request, but a failed-request trace logs",
    "every rule a request passes, so with many SIP domains a trace reaches maxLogFileSizeKB (512 KB on IIS 7 and 7.5,",
    "1024 KB since IIS 8.0) and is cut off (docs/rules.md 6, item 10). While debugging, raise it for all sites:",
    appcmd(4096),
    "and afterwards set it back to the default of the server's IIS and switch tracing off again; Windows Server 2012 and",
    "later (IIS 8.0 and later):",
    appcmd(IIS8_TRACE_KB),
    ...(plan.product === "sfb2019"
      ? []
      : ["Windows Server 2008 and 2008 R2 (IIS 7 and 7.5; Lync Server 2013 and Skype for Business Server 2015 run there):", appcmd(IIS7_TRACE_KB)]),
  );
  if (!web) return out;
  return [
    ...out,
    "",
    ...comment(
      "Optional: manual sign-in of mobile clients. Automatic discovery (lyncdiscover) is the recommended way; for",
      "troubleshooting, or a device that cannot use it, users enter the Autodiscover URL by hand, outside the external one:",
      `  https://${web}/Autodiscover/autodiscoverservice.svc/Root`,
      "and inside the internal one (the internal web services FQDN):",
      `  https://${plan.internalWebFqdn ?? "<internal web services FQDN>"}/Autodiscover/autodiscoverservice.svc/Root`,
    ),
  ];
}
