/**
 * Certificate rules (docs/rules.md section 2): the SAN lists of the public certificates, derived, minimal, sorted.
 * - Edge external, one per edge pool (2.1, S1, S22): subject = access edge FQDN; SANs = access edge, web
 *   conferencing, the edge host (sip.<d>) of every on-premises SIP domain on the pool, xmpp.<d> for XMPP domains.
 *   The A/V edge name by product: S23 (Lync 2013) demands it, S1 (SfB 2015) does not; a pool's flag overrides.
 *   No wildcard: S23/S24 do not support one on the access edge (the SfB 2015 XMPP table's *.<d> is not followed).
 * - Reverse proxy (2.4, S28): subject = external web FQDN; SANs = external web FQDN, dial-in, the meet hosts (option 1)
 *   or the shared host (option 3), lyncdiscover.<d> only when lyncdiscover is published over HTTPS (S5, S27) and not
 *   through Cloudflare, Office Online Server.
 */
import type { DeploymentSpec, CaProfileSpec } from "../../spec/schema";
import { CA_NAME_LIMITS } from "../../spec/schema";
import type { PlanCertificate } from "../types";
import { compareText } from "../../spec/names";
import { edgeHostOf, isLyncdiscoverProxied } from "./dns";
import { dialinHost, sharedHostName } from "./simpleUrls";

export function caLimit(ca: CaProfileSpec): number {
  return ca.limit ?? (ca.profile === "custom" ? 0 : CA_NAME_LIMITS[ca.profile]);
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
  };
}

/** S23 (Lync 2013) lists the A/V edge name among the external edge certificate's names; S1 (SfB 2015) does not. */
export function includesAudioVideoName(spec: Pick<DeploymentSpec, "product">, pool: DeploymentSpec["edgePools"][number]): boolean {
  return pool.certificate.includeAudioVideoName ?? spec.product === "lync2013";
}

export function planCertificates(spec: DeploymentSpec, pools: ReadonlyMap<string, string>): PlanCertificate[] {
  const onPremises = spec.sipDomains.filter((d) => d.home === "onPremises");
  const subject = spec.certificates.subject;
  const edge = spec.edgePools.map((p) => {
    const names: Array<[string, string | null]> = [
      [p.accessEdge.fqdn, null],
      [p.webConferencing.fqdn, null],
    ];
    if (includesAudioVideoName(spec, p)) names.push([p.audioVideo.fqdn, null]);
    for (const d of onPremises.filter((x) => pools.get(x.name) === p.name)) {
      names.push([edgeHostOf(d), d.name]);
      if (d.xmpp) names.push([`xmpp.${d.name}`, d.name]);
    }
    return certificate(`edge-${p.name}`, "edgeExternal", p.name, p.accessEdge.fqdn, names, p.certificate.ca, subject, spec.certificates.key);
  });

  const web = spec.webServices;
  const rp: Array<[string, string | null]> = [
    [web.externalFqdn, null],
    [dialinHost(spec), null],
  ];
  const shared = sharedHostName(spec);
  if (shared) rp.push([shared, null]);
  for (const d of onPremises) {
    if (spec.simpleUrls.meet === "perDomain") rp.push([`meet.${d.name}`, d.name]);
    if (spec.lyncdiscover === "https" && !isLyncdiscoverProxied(spec, d)) rp.push([`lyncdiscover.${d.name}`, d.name]);
  }
  if (web.officeOnlineServer) rp.push([web.officeOnlineServer.fqdn, null]);
  const reverseProxy = certificate(
    "reverse-proxy",
    "reverseProxy",
    null,
    web.externalFqdn,
    rp,
    spec.certificates.reverseProxy.ca,
    subject,
    spec.certificates.key,
  );

  return [...edge, reverseProxy].sort((a, b) => compareText(a.id, b.id));
}
