/**
 * Who owns each captured resource: a SIP domain (the resource lies below its lync:index:SipDomain component) or the
 * deployment as a whole (shared). Read from the capture's parent links, so it counts what the adapters registered.
 */
import type { CapturedResource } from "../tests/harness/capture";

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

export interface Footprint {
  /** SIP domain -> provider resources below it. */
  readonly perTenant: Record<string, number>;
  /** Provider resources owned by no SIP domain, by type. */
  readonly shared: Record<string, number>;
  /** Every registration: provider resources and components. */
  readonly custom: number;
  readonly components: number;
}

const isProviderResource = (r: CapturedResource) => r.custom && !r.type.startsWith("pulumi:providers:");

export function footprint(resources: readonly CapturedResource[]): Footprint {
  const owner = owners(resources);
  const perTenant: Record<string, number> = {};
  const shared: Record<string, number> = {};
  for (const r of resources) {
    if (r.type === SIP_DOMAIN_TYPE) perTenant[owner.get(r.urn)!] ??= 0;
    if (!isProviderResource(r)) continue;
    const o = owner.get(r.urn);
    if (o) perTenant[o] = (perTenant[o] ?? 0) + 1;
    else shared[r.type] = (shared[r.type] ?? 0) + 1;
  }
  const custom = resources.filter(isProviderResource).length;
  return { perTenant, shared, custom, components: resources.filter((r) => !r.custom).length };
}
