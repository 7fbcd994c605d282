/** Provider resources per SIP domain and shared, from a capture (ownership: tests/harness/owners.ts). */
import type { CapturedResource } from "../tests/harness/capture";
import { owners, SIP_DOMAIN_TYPE } from "../tests/harness/owners";

export { owners, SIP_DOMAIN_TYPE };

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
