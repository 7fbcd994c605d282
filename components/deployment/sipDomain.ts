/**
 * SipDomain (lync:index:SipDomain): one tenant's DNS records, nothing shared. Named `<deployment>-<domain>`, its
 * records by (zone, name, type): adding, removing or reordering SIP domains never renames another tenant's resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlanRecord, PlanTenant } from "../plan/types";
import { createRecords, type ZoneHandles } from "./records";
import type { ChildScope } from "./childNames";
import { createInternalDns, type InternalDnsInput } from "../azure/privateDns";

export interface SipDomainArgs {
  readonly tenant: PlanTenant;
  /** The tenant's own records (sipDomain === tenant.name). */
  readonly records: readonly PlanRecord[];
  readonly zones: ZoneHandles;
  /** The deployment's scope: its name prefixes the records, and it is their other possible owner (recordOwners.ts). */
  readonly deployment: ChildScope;
  /** Azure Private DNS: the internal view, whose zones and records of this tenant it registers. */
  readonly internal?: InternalDnsInput;
}

/** The component's type token (also in the package schema, tools/schemaParts.ts). */
export const SIP_DOMAIN_TYPE = "lync:index:SipDomain";

export class SipDomain extends pulumi.ComponentResource {
  /** Owner names of the tenant's records. */
  readonly fqdns: pulumi.Output<string[]>;

  constructor(name: string, args: SipDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SIP_DOMAIN_TYPE, name, {}, opts);
    const scope = { ...args.deployment, parent: this, otherOwner: args.deployment.parent.urn };
    createRecords(args.records, args.zones, scope);
    if (args.internal) createInternalDns(args.internal, args.tenant.name, scope);
    this.fqdns = pulumi.output([...args.tenant.fqdns]);
    this.registerOutputs({ fqdns: this.fqdns });
  }
}
