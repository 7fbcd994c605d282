/**
 * Who owns each captured resource: a SIP domain (the resource lies below its lync:index:SipDomain component) or the
 * deployment as a whole (shared). Read from the capture's parent links, so it counts what the adapters registered.
 * Used by the benchmark's footprint and by the plan review's change simulation.
 */
import type { CapturedResource } from "./capture";

export const SIP_DOMAIN_TYPE = "lync:index:SipDomain";

/** The SIP domain of a SipDomain component: its name without its deployment's name (`lync-contoso.com`). */
function tenantOf(sipDomain: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): string {
  const prefix = `${byUrn.get(sipDomain.parent)?.name ?? ""}-`;
  return sipDomain.name.startsWith(prefix) ? sipDomain.name.slice(prefix.length) : sipDomain.name;
}

/** URN -> owning SIP domain (null: shared), for every captured resource. */
export function owners(resources: readonly CapturedResource[]): Map<string, string | null> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const result = new Map<string, string | null>();
  const ownerOf = (urn: string): string | null => {
    const known = result.get(urn);
    if (known !== undefined) return known;
    const r = byUrn.get(urn);
    const owner = !r ? null : r.type === SIP_DOMAIN_TYPE ? tenantOf(r, byUrn) : r.parent ? ownerOf(r.parent) : null;
    result.set(urn, owner);
    return owner;
  };
  for (const r of resources) ownerOf(r.urn);
  return result;
}
