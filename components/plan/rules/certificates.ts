/**
 * Certificate rules (docs/rules.md section 2): the SAN lists of the public certificates, derived, minimal, sorted.
 * - Edge external, one per edge pool (2.1, S1, S22): subject = access edge FQDN; SANs = access edge, web
 *   conferencing, the edge host (sip.<d>) of every on-premises SIP domain on the pool; on the pool that federates for a
 *   domain (FED-ROUTE) its federation host (sipfed.<d>, when that is another pool) and its XMPP names: the XMPP domain
 *   <d> itself (S55), and on Skype for Business 2015 also xmpp.<d> (S1).
 *   The A/V edge name by product: S23 (Lync 2013) demands it, S1 (SfB 2015) does not; a pool's flag overrides.
 *   No wildcard: S23/S24 do not support one on the access edge (the SfB 2015 XMPP table's *.<d> is not followed).
 * - Front End pool (2.3, S8), when certificates.frontEnd declares it: frontEndCertificate below.
 * - Reverse proxy (2.4, S28): subject = external web FQDN; SANs = external web FQDN, those of further pools (Front End
 *   pools, Director), dial-in, the tenants' own meet hosts (options 1 and 2) or the shared host (option 3),
 *   lyncdiscover.<d> only when lyncdiscover is published over HTTPS (S5, S27) and not through Cloudflare, Office Online
 *   Server. With `wildcard`, *.<parent> summarises every name but the subject (S28, S24).
 */
import type { DeploymentSpec, CaProfileSpec } from "../../spec/types";
import { CA_NAME_LIMITS } from "../../spec/types";
import type { CertificateIssuance, ExtendedKeyUsage, PlanCertificate } from "../types";
import { compareText } from "../../spec/names";
import type { ResolvedNames } from "../names";

export function caLimit(ca: CaProfileSpec): number {
  return ca.limit ?? (ca.profile === "custom" ? 0 : CA_NAME_LIMITS[ca.profile]);
}

/**
 * Public CAs stopped issuing the Client Authentication EKU in TLS certificates by default (CERT-EKU, S58, S59): an
 * order is taken to include it only where the spec says so (`ca.clientAuth: true`).
 */
export function caIssuesClientAuth(ca: CaProfileSpec): boolean {
  return ca.clientAuth ?? false;
}

function issuance(ca: CaProfileSpec, clientAuth: boolean): CertificateIssuance {
  const extendedKeyUsages: ExtendedKeyUsage[] = clientAuth ? ["serverAuth", "clientAuth"] : ["serverAuth"];
  return { extendedKeyUsages, crlDistributionPoint: true, exportableKey: true, caIssuesAll: !clientAuth || caIssuesClientAuth(ca) };
}

/**
 * Simple-URL and lyncdiscover names summarised by wildcards (certificates.reverseProxy.wildcard): S24 allows a wildcard
 * only for those (S28: it "replaces both meet and dialin"), so the web services names, Office Online Server and the
 * subject stay names of their own. A wildcard replaces the names under one parent only where there are two or more of
 * them (fewer names, never more; a tenant with one name keeps it instead of a wildcard for its whole domain), and never
 * under a one-label parent (no CA issues *.com).
 */
export function wildcardNames(owned: ReadonlyArray<[string, string | null]>): Array<[string, string | null]> {
  const parentOf = (name: string) => name.slice(name.indexOf(".") + 1);
  const perParent = new Map<string, number>();
  for (const [name] of owned) perParent.set(parentOf(name), (perParent.get(parentOf(name)) ?? 0) + 1);
  return owned.map(([name, owner]): [string, string | null] => {
    const parent = parentOf(name);
    return parent.includes(".") && perParent.get(parent)! >= 2 ? [`*.${parent}`, owner] : [name, owner];
  });
}

function certificate(
  id: string,
  kind: PlanCertificate["kind"],
  edgePool: string | null,
  commonName: string,
  owned: Array<[string, string | null]>,
  ca: CaProfileSpec,
  subject: DeploymentSpec["certificates"]["subject"],
  key: DeploymentSpec["certificates"]["key"],
  clientAuth = false,
): PlanCertificate {
  const nameOwners: Record<string, string | null> = {};
  for (const [name, owner] of owned) {
    // A name both shared and owned by a tenant counts as shared (removing the tenant must not remove it); between
    // tenants the lowest name wins, so that input order never decides.
    const before = nameOwners[name];
    nameOwners[name] = !(name in nameOwners) ? owner : before === null || owner === null ? null : before < owner ? before : owner;
  }
  return {
    id,
    kind,
    edgePool,
    subject: { commonName, ...subject },
    dnsNames: Object.keys(nameOwners).sort(compareText),
    caProfile: ca.profile,
    limit: caLimit(ca),
    key: { algorithm: key.algorithm, size: key.algorithm === "RSA" ? String(key.rsaBits) : key.ecdsaCurve, rotation: String(key.rotation) },
    nameOwners,
    issuance: issuance(ca, clientAuth),
  };
}

/**
 * The XMPP names a domain puts on the edge certificate: the XMPP domain itself on every product (S55: "the domain that
 * can participate in XMPP communications"; an XMPP peer checks the certificate against it, RFC 6120), and on Skype for
 * Business 2015 also xmpp.<d> (S1). Never the SfB table's *.<d>: no wildcard on the edge (S23, S24, S25).
 */
export function xmppCertificateNames(spec: Pick<DeploymentSpec, "product">, domain: string): string[] {
  return spec.product === "lync2013" ? [domain] : [domain, `xmpp.${domain}`];
}

/** S23 (Lync 2013) lists the A/V edge name among the external edge certificate's names; S1 (SfB 2015) does not. */
export function includesAudioVideoName(spec: Pick<DeploymentSpec, "product">, pool: DeploymentSpec["edgePools"][number]): boolean {
  return pool.certificate.includeAudioVideoName ?? spec.product === "lync2013";
}

export function planCertificates(spec: DeploymentSpec, resolved: ResolvedNames): PlanCertificate[] {
  const onPremises = resolved.tenants;
  const subject = spec.certificates.subject;
  const edge = spec.edgePools.map((p) => {
    const names: Array<[string, string | null]> = [
      [p.accessEdge.fqdn, null],
      [p.webConferencing.fqdn, null],
    ];
    if (includesAudioVideoName(spec, p)) names.push([p.audioVideo.fqdn, null]);
    let federates = false;
    for (const t of onPremises) {
      const d = t.spec;
      if (t.edgePool === p.name) names.push([t.edgeHost, d.name]);
      if (t.federationPool !== p.name) continue;
      federates ||= d.federation || d.xmpp;
      if (d.federation && t.edgePool !== p.name) names.push([t.federationHost, d.name]);
      if (d.xmpp) names.push(...xmppCertificateNames(spec, d.name).map((n): [string, string] => [n, d.name]));
    }
    const { ca } = p.certificate;
    return certificate(`edge-${p.name}`, "edgeExternal", p.name, p.accessEdge.fqdn, names, ca, subject, spec.certificates.key, federates);
  });

  const web = spec.webServices;
  // Web services names (never summarised) and the simple URLs and lyncdiscover names, which a wildcard may summarise.
  const services: Array<[string, string | null]> = [
    [web.externalFqdn, null],
    ...web.additionalPools.map((p): [string, null] => [p.externalFqdn, null]),
  ];
  if (web.officeOnlineServer) services.push([web.officeOnlineServer.fqdn, null]);
  const simple: Array<[string, string | null]> = [[resolved.dialinHost, null]];
  if (resolved.sharedHost) simple.push([resolved.sharedHost, null]);
  for (const t of onPremises) {
    if (t.meetHost) simple.push([t.meetHost, t.name]);
    if (t.lyncdiscoverHttps) simple.push([t.lyncdiscover, t.name]);
  }
  const reverseProxy = certificate(
    "reverse-proxy",
    "reverseProxy",
    null,
    web.externalFqdn,
    [...services, ...(spec.certificates.reverseProxy.wildcard ? wildcardNames(simple) : simple)],
    spec.certificates.reverseProxy.ca,
    subject,
    spec.certificates.key,
  );

  const frontEnd = frontEndCertificate(spec, resolved);
  return [...edge, reverseProxy, ...(frontEnd ? [frontEnd] : [])].sort((a, b) => compareText(a.id, b.id));
}

/**
 * The Front End pool's certificate (2.3, S8), from the internal CA, assigned as Default, WebServicesInternal and
 * WebServicesExternal: the pool FQDN (subject) and its servers; the internal and external web services FQDNs; the
 * simple-URL hosts (dial-in, admin, the shared meet host or each tenant's own); per on-premises SIP domain `sip.<d>`
 * (internal DNS sends `_sipinternaltls._tcp.<d>` there, so the pool presents that name: S8, S26), and
 * `lyncdiscoverinternal.<d>` and `lyncdiscover.<d>` (mobility, S8, S27). Server EKU only; no wildcard.
 */
function frontEndCertificate(spec: DeploymentSpec, resolved: ResolvedNames): PlanCertificate | undefined {
  const fe = resolved.frontEnd;
  const ca = spec.certificates.frontEnd?.ca;
  if (!fe || !ca) return undefined;
  const names: Array<[string, string | null]> = [
    [fe.poolFqdn, null],
    ...fe.servers.map((s): [string, null] => [s, null]),
    [fe.internalWebFqdn, null],
    [spec.webServices.externalFqdn, null],
    [resolved.dialinHost, null],
  ];
  if (resolved.adminHost) names.push([resolved.adminHost, null]);
  if (resolved.sharedHost) names.push([resolved.sharedHost, null]);
  for (const t of resolved.tenants) {
    names.push([t.internalSipHost, t.name], [t.lyncdiscoverInternal, t.name], [t.lyncdiscover, t.name]);
    if (t.meetHost) names.push([t.meetHost, t.name]);
  }
  return certificate(`front-end-${fe.pool}`, "frontEnd", null, fe.poolFqdn, names, ca, spec.certificates.subject, spec.certificates.key);
}
