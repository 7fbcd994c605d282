/**
 * SipDomain (lync:index:SipDomain): one tenant's DNS records, nothing shared. Named `<deployment>-<domain>`, its
 * records by (zone, name, type): adding, removing or reordering SIP domains never renames another tenant's resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlanRecord, PlanTenant } from "../plan/types";
import { createRecords, type ZoneHandles } from "./records";

export interface SipDomainArgs {
  readonly tenant: PlanTenant;
  /** The tenant's own records (sipDomain === tenant.name). */
  readonly records: readonly PlanRecord[];
  readonly zones: ZoneHandles;
  /** The deployment: the other possible owner of the tenant's records (recordOwners.ts), and its children's prefix. */
  readonly deployment: pulumi.Resource;
  readonly prefix: string;
  readonly legacyAliases: boolean;
}

export class SipDomain extends pulumi.ComponentResource {
  /** Owner names of the tenant's records. */
  readonly fqdns: pulumi.Output<string[]>;

  constructor(name: string, args: SipDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lync:index:SipDomain", name, {}, opts);
    createRecords(args.records, args.zones, {
      parent: this,
      prefix: args.prefix,
      legacyAliases: args.legacyAliases,
      otherOwner: args.deployment.urn,
    });
    this.fqdns = pulumi.output([...args.tenant.fqdns]);
    this.registerOutputs({ fqdns: this.fqdns });
  }
}
