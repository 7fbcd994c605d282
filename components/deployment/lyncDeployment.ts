/**
 * LyncDeployment (lync:index:Deployment) and SipDomain (lync:index:SipDomain): thin components that map the plan
 * to provider resources. All logic lives in the pure model (components/model); the adapters (azure/, cloudflare/,
 * tls/) only translate plan entries into resources.
 *
 * Identity: a SipDomain is named by its domain, its records by (zone, name, type), so adding, removing or
 * reordering SIP domains never renames another tenant's resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec } from "../spec/schema";
import { groupBy, type Plan, type PlanRecord, type PlanTenant } from "../plan/types";
import { buildPlan } from "../plan/build";
import { createZones, createRecords, type ZoneHandles } from "./records";
import { anyTenantUrn } from "./recordOwners";
import { createReverseProxy, type ReverseProxyOutputs } from "../azure/gateway";
import { createCloudflareRules } from "../cloudflare/rules";
import { createCertificates, type CertificateOutputs } from "../tls/certificates";

export interface LyncDeploymentArgs {
  /** A spec from validateDeployment(); validate first so that every problem is reported before anything is registered. */
  readonly spec: DeploymentSpec;
}

export interface SipDomainArgs {
  readonly tenant: PlanTenant;
  /** The tenant's own records (sipDomain === tenant.name). */
  readonly records: readonly PlanRecord[];
  readonly zones: ZoneHandles;
  /** The deployment: the other possible owner of the tenant's records (dnsRecords.ts, RecordParents). */
  readonly deployment: pulumi.Resource;
}

/** One tenant: its DNS records, nothing shared. */
export class SipDomain extends pulumi.ComponentResource {
  /** Owner names of the tenant's records. */
  readonly fqdns: pulumi.Output<string[]>;

  constructor(name: string, args: SipDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lync:index:SipDomain", name, {}, opts);
    createRecords(args.records, args.zones, { parent: this, otherOwner: args.deployment.urn });
    this.fqdns = pulumi.output([...args.tenant.fqdns]);
    this.registerOutputs({ fqdns: this.fqdns });
  }
}

/**
 * Types that live as long as the deployment and are costly or impossible to get back (a private key exists only in
 * state; a zone carries its delegation; a gateway and its address carry traffic). Records, CSRs and rules are not here:
 * they must come and go with the tenants.
 */
export const LONG_LIVED_TYPES: ReadonlySet<string> = new Set([
  "tls:index/privateKey:PrivateKey",
  "azure-native:dns:Zone",
  "azure-native:network:ApplicationGateway",
  "azure-native:network:PublicIPAddress",
  "cloudflare:index/zone:Zone",
]);

/**
 * spec.lifecycle.protect -> `protect` on the long-lived children, whichever adapter registers them. A (legacy)
 * transformation because the newer `transforms` need a callback server that the mock runtime does not offer.
 */
function protectLongLived(protect: boolean): pulumi.ResourceTransformation {
  return (args) => (protect && LONG_LIVED_TYPES.has(args.type) ? { props: args.props, opts: { ...args.opts, protect: true } } : undefined);
}

export class LyncDeployment extends pulumi.ComponentResource {
  readonly plan: Plan;
  readonly sipDomains: Readonly<Record<string, SipDomain>>;
  /** Name servers of the zones the stack creates (test stacks). */
  readonly nameServers: pulumi.Output<Record<string, string[]>>;
  readonly reverseProxy: ReverseProxyOutputs | undefined;
  readonly certificates: CertificateOutputs;

  constructor(name: string, args: LyncDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    const transformations = [protectLongLived(args.spec.lifecycle?.protect === true), ...(opts?.transformations ?? [])];
    super("lync:index:Deployment", name, {}, { ...opts, transformations });
    // The SDK formats a stack trace for every internal promise of every resource it registers (debuggablePromise):
    // half the CPU of a large stack (BENCHMARKS.md, "Where the time goes"). Those traces are read only with
    // PULUMI_DEBUG_PROMISE_LEAKS, and the SDK's per-resource source position raises the limit itself, so the children
    // are registered without them; the limit is restored before anything else runs.
    const spec = args.spec;
    this.plan = buildPlan(spec);
    const stackTraceLimit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      const zones = createZones(spec, this);
      const recordsOf = groupBy(this.plan.records, (r) => r.sipDomain);
      const sipDomains: Record<string, SipDomain> = {};
      for (const tenant of this.plan.tenants) {
        sipDomains[tenant.name] = new SipDomain(
          tenant.name,
          { tenant, records: recordsOf.get(tenant.name) ?? [], zones, deployment: this },
          { parent: this },
        );
      }
      this.sipDomains = sipDomains;
      createRecords(recordsOf.get(null) ?? [], zones, { parent: this, otherOwner: anyTenantUrn(this) });
      this.nameServers = zones.nameServers;
      this.reverseProxy = createReverseProxy(spec, this.plan, this);
      createCloudflareRules(spec, this.plan, zones, this);
      this.certificates = createCertificates(spec, this.plan, this);
    } catch (e) {
      // Thrown without frames (the limit was 0): a new error, made after the limit is back, points at the component.
      Error.stackTraceLimit = stackTraceLimit;
      throw new Error(`LyncDeployment ${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.registerOutputs({
      nameServers: this.nameServers,
      reverseProxy: this.reverseProxy,
      certificates: this.certificates,
    });
  }
}
