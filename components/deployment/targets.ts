/**
 * The cloud objects a Deployment instance manages, named by their identity in the cloud rather than by Pulumi URN:
 * an Azure record set is its subscription, resource group, zone and name (a private one: resource group, zone and
 * name); a gateway its subscription, resource group
 * and name; a Cloudflare record its zone and name; a Cloudflare entry-point ruleset its zone and phase. Two instances
 * whose URNs differ (each child starts with its deployment's name) may still name the same object, and their updates
 * would then undo each other (claims.ts refuses that). Only what the instance registers counts: its shard's slice.
 * Pure.
 */
import type { DeploymentSpec } from "../spec/types";
import { groupBy, type Plan } from "../plan/types";
import type { ShardSlice } from "../plan/shards";
import { layoutGateways } from "../azure/layout";
import { subscriptionOf } from "../azure/ids";
import { internalDnsInput } from "../azure/privateDns";
import { edgeRulesets } from "../cloudflare/edgeRules";

export interface CloudTarget {
  /** Identity in the cloud: equal keys are the same object. */
  readonly key: string;
  /** The container the object lives in, for the message: `Azure DNS zone contoso.com (resource group rg-dns)`. */
  readonly where: string;
  /** The object inside it: a record name, a gateway name, a ruleset phase. */
  readonly name: string;
}

/** The subscription of a zone or gateway when the spec names it; the Azure provider's default otherwise. */
const DEFAULT_SUBSCRIPTION = "(the provider's subscription)";

export function cloudTargets(spec: DeploymentSpec, plan: Plan, slice: ShardSlice): CloudTarget[] {
  const tenants = new Set(slice.tenants.map((t) => t.name));
  const records = plan.records.filter((r) => (r.sipDomain === null ? slice.shared : tenants.has(r.sipDomain)));
  // Grouped once: an estate has thousands of zones, and a filter per zone over every record would be quadratic.
  const byZone = groupBy(records, (r) => r.zone);
  const rulesetsByZone = slice.shared ? groupBy(edgeRulesets(plan), (rs) => rs.zone) : new Map<string, ReturnType<typeof edgeRulesets>>();
  const out = new Map<string, CloudTarget>();
  const add = (t: CloudTarget) => out.set(t.key, t);
  for (const zone of spec.zones) {
    if (zone.provider === "external") continue;
    const inZone = byZone.get(zone.name) ?? [];
    if (zone.provider === "azure") {
      const subscription = zone.subscriptionId?.toLowerCase() ?? DEFAULT_SUBSCRIPTION;
      const at = `azure-dns/${subscription}/${zone.resourceGroup.toLowerCase()}/${zone.name}`;
      const where = `Azure DNS zone ${zone.name} (resource group ${zone.resourceGroup})`;
      if (zone.create && slice.shared) add({ key: `${at}/@zone`, where, name: "the zone itself" });
      for (const r of inZone) add({ key: `${at}/${r.name}`, where, name: r.name });
    } else {
      // A zone the stack creates has no id yet: the account and the name are what Cloudflare keeps unique.
      const at = `cloudflare/${zone.zoneId ?? `${zone.accountId ?? ""}/${zone.name}`}`;
      const where = `Cloudflare zone ${zone.name}${zone.zoneId ? ` (${zone.zoneId})` : ""}`;
      if (zone.create && slice.shared) add({ key: `${at}/@zone`, where, name: "the zone itself" });
      for (const r of inZone) add({ key: `${at}/${r.name}`, where, name: r.name });
      for (const rs of rulesetsByZone.get(zone.name) ?? []) add({ key: `${at}/@ruleset/${rs.phase}`, where, name: `the ${rs.phase} ruleset` });
    }
  }
  const internal = internalDnsInput(spec, plan);
  if (internal) {
    const rg = internal.provider.resourceGroup;
    const owned = (owner: string | null) => (owner === null ? slice.shared : tenants.has(owner));
    const at = (zone: string) => `azure-private-dns/${rg.toLowerCase()}/${zone}`;
    const where = (zone: string) => `Azure Private DNS zone ${zone} (resource group ${rg})`;
    for (const [zone, owner] of internal.owners) if (owned(owner)) add({ key: `${at(zone)}/@zone`, where: where(zone), name: "the zone itself" });
    for (const r of internal.records.filter((x) => owned(x.sipDomain))) add({ key: `${at(r.zone)}/${r.name}`, where: where(r.zone), name: r.name });
  }
  const rp = spec.reverseProxy;
  if (rp.provider === "azure" && slice.shared) {
    const where = `Azure resource group ${rp.resourceGroup}`;
    for (const gateway of layoutGateways(spec, plan)) {
      const key = `azure-gateway/${subscriptionOf(rp.subnetId).toLowerCase()}/${rp.resourceGroup.toLowerCase()}/${gateway.name.toLowerCase()}`;
      add({ key, where, name: `Application Gateway ${gateway.name}` });
    }
  }
  return [...out.values()];
}
