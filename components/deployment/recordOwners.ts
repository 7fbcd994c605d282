/**
 * Who may own a record: a tenant (SipDomain) or the shared services (the deployment). Kept apart from dnsRecords.ts so
 * that the DNS adapters can use it without importing the dispatcher that imports them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlanRecord } from "../plan/types";
import { childName, type ChildScope } from "./childNames";

/**
 * A record's other possible owner. A record moves between the shared services and a tenant when a shared name and a
 * tenant's name meet (e.g. the access edge renamed away from sip.<p>): its logical name stays, its parent's type
 * changes, and the URN with it. An alias to the other owner's type turns that into an update of the same record,
 * instead of a create beside the live record and a delete of it.
 */
export interface RecordParents extends ChildScope {
  /** URN of a resource of the other owner's type: only its type chain counts for the alias (stable, never a tenant's). */
  readonly otherOwner: pulumi.Input<string>;
}

/**
 * Whether a record of this type can change owner. Shared names are host names (R-DNS-12: no underscore), so an SRV
 * owner name (`_sip._tls.<d>`) is never a shared name: SRV records stay their tenant's and need no owner alias,
 * which saves the SDK's per-alias work on half of every tenant's records.
 */
export function mayChangeOwner(type: PlanRecord["type"]): boolean {
  return type !== "SRV";
}

/** A URN for "some SipDomain under this deployment": what a shared record's alias needs, whichever tenants exist. */
export function anyTenantUrn(deployment: pulumi.Resource): pulumi.Output<string> {
  return deployment.urn.apply((urn) => {
    const [stackPart, project, types] = urn.split("::"); // urn:pulumi:<stack> :: <project> :: <type chain> :: <name>
    return [stackPart, project, `${types}$lync:index:SipDomain`, "any-tenant"].join("::");
  });
}

/**
 * A record's aliases: the names it had under another type (`alternates`, A <-> CNAME) in this scheme, its 0.1 names
 * (local, without the deployment's prefix: childNames.ts), and each of those under the other owner when its type can
 * change owner.
 */
export function recordAliases(scope: RecordParents, local: string, alternates: readonly string[], type: PlanRecord["type"]): pulumi.Alias[] {
  const names = [...alternates.map((a) => childName(scope, a)), ...(scope.legacyAliases ? [local, ...alternates] : [])];
  const here = names.map((name) => ({ name }));
  if (!mayChangeOwner(type)) return here;
  return [...here, { parent: scope.otherOwner }, ...names.map((name) => ({ name, parent: scope.otherOwner }))];
}
