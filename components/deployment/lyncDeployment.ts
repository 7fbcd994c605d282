/**
 * LyncDeployment (lync:index:Deployment): a thin component that validates its input and maps the plan to provider
 * resources. All logic lives in the pure layers (spec/, plan/); the adapters (azure/, cloudflare/, tls/) only
 * translate plan entries into resources. Every child is named `<name>-<identity>` (childNames.ts), so two deployments
 * live side by side in one program.
 *
 * Its inputs and outputs are plain data and Outputs only (no object unions, no class instances), so that the same
 * component serves other languages through the component provider (provider.ts, `pulumi package add`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec } from "../spec/types";
import type { DeploymentConfig } from "../spec/args";
import { DeploymentValidationError, type Problem } from "../spec/problems";
import { formatWarning, groupBy, type Plan } from "../plan/types";
import { validateDeployment } from "../validation/validate";
import { buildPlan } from "../validation/registry";
import { createZones, createRecords } from "./records";
import { anyTenantUrn } from "./recordOwners";
import { protectLongLived } from "./protect";
import { adoptMovedResources } from "./stateMove";
import { SipDomain } from "./sipDomain";
import { childName, childOptions } from "./childNames";
import { createReverseProxy } from "../azure/gateway";
import { createInternalDns, internalDnsInput } from "../azure/privateDns";
import { certificateSource } from "../azure/layout";
import { issuedReverseProxyMissing, missingIssuedCertificate } from "../azure/stackSecrets";
import { createCloudflareRules } from "../cloudflare/rules";
import { createCertificates, type CertificateRequestOutput } from "../tls/certificates";
import { issuedInputProblems, issuedNames } from "../tls/issued";
import type { CertificatePfx } from "../tls/pfx";
import { shardProblems, shardSlice } from "../plan/shards";
import { cloudTargets } from "./targets";
import { putBackInputs, resolvedSpec, substitute, withStandIns, type SpecInput } from "./inputs";
import { claimTargets } from "./claims";

export interface LyncDeploymentArgs {
  /**
   * The deployment: SIP domains, zones, edge pools, web services, reverse proxy, certificates (README
   * "Configuration"). Validated by the constructor: every problem in one DeploymentValidationError, before any child
   * is registered. A spec returned by validateDeployment is taken as it is. The public addresses, zone ids, resource
   * groups and the backend address may be Inputs from other resources: they are validated once known, every problem
   * in one error, and until then the plan (the `plan` getter included) holds stand-ins for them.
   */
  readonly deployment: DeploymentConfig;
  /** Test stacks with an Azure gateway: the reverse-proxy certificate as base64 PFX (kept secret). */
  readonly reverseProxyPfx?: pulumi.Input<string> | undefined;
  /** The password of reverseProxyPfx (kept secret). */
  readonly reverseProxyPfxPassword?: pulumi.Input<string> | undefined;
  /**
   * Certificate id (`edge-<pool>`, `reverse-proxy`) -> the CA's answer to its CSR: PEM, the leaf first, then the chain.
   * Checked against the request (key, names, validity, chain: docs/rules.md CERT-ISSUED) and packed into certificatePfx.
   */
  readonly issuedCertificates?: Record<string, pulumi.Input<string>> | undefined;
  /**
   * Register the children without the SDK's per-promise stack traces (BENCHMARKS.md, "Where the time goes"): the
   * constructor sets the process-wide Error.stackTraceLimit to 0 while it registers, and restores it before it
   * returns. Off by default because it changes process-wide state; worth it from a few hundred SIP domains.
   */
  readonly registerWithoutStackTraces?: boolean | undefined;
  /**
   * Alias every child to its release-0.1 name (without the deployment's name), so that a stack created by 0.1 updates
   * in place. Default false (since 0.5.0): a new deployment has no 0.1 names, and the aliases cost about a fifth of a
   * large stack's CPU and memory (BENCHMARKS.md). A stack created by 0.1 that has not yet run `pulumi up` with 0.2 or
   * later sets true (CHANGELOG.md, 0.2.0); without it that stack's resources would be created anew and the old deleted.
   */
  readonly legacyNameAliases?: boolean | undefined;
  /**
   * The slice of the estate this stack registers (README "Scale"): `infra` (shared names, gateways, reverse-proxy
   * certificate, created zones, tenants homed online) or the name of an edge pool (its tenants' records, its edge
   * certificate). The whole estate is still validated and planned. Default: everything, one stack.
   */
  readonly shard?: string | undefined;
  /**
   * This stack received tenants (or the rest of a deployment) by `pulumi state move` (README "From one stack to
   * shards"): alias each child to the URN the move gave it, so the first `up` after the move keeps the moved
   * resources. Set it for that `up` (and its preview), then remove it. Default false.
   */
  readonly adoptMovedResources?: boolean | undefined;
}

/** The component's type token: the class is named after it, as the component provider requires. */
export const DEPLOYMENT_TYPE = "lync:index:Deployment";

/**
 * The inputs and outputs that carry key material. The schema marks them `secret: true` (tools/schema.ts), so an SDK of
 * another language wraps them as secrets before they leave the program; the constructor keeps them secret too.
 */
export const SECRET_INPUTS = ["reverseProxyPfx", "reverseProxyPfxPassword"] as const satisfies readonly (keyof LyncDeploymentArgs)[];
export const SECRET_OUTPUTS = ["certificatePfx"] as const satisfies readonly (keyof Deployment)[];

/** Per deployment, for the TypeScript getters: kept out of the class's fields, which are its (schema) outputs. */
const plans = new WeakMap<Deployment, { plan: Plan; sipDomains: Readonly<Record<string, SipDomain>> }>();

/**
 * A Lync / Skype for Business deployment for many SIP domains: DNS records, reverse proxy, certificate requests.
 * The class is named after its type token (lync:index:Deployment), as the component provider requires; TypeScript
 * programs import it as LyncDeployment (components/index.ts), other languages as lync.Deployment.
 */
export class Deployment extends pulumi.ComponentResource {
  /** SIP domain -> owner names of its DNS records. */
  readonly tenants: pulumi.Output<Record<string, string[]>>;
  /** Certificate id (`edge-<pool>`, `reverse-proxy`) -> subject, names, CA usage and the CSR to submit. */
  readonly certificateRequests: pulumi.Output<Record<string, CertificateRequestOutput>>;
  /** Test stacks: the test CA certificate that signed every request; empty elsewhere. */
  readonly testCaCertPem: pulumi.Output<string>;
  /** Secret. Certificate id -> PFX (base64) and password, for each issued certificate (or test CA certificate). */
  readonly certificatePfx: pulumi.Output<Record<string, CertificatePfx>>;
  /** Name servers of the zones the stack creates (test stacks). */
  readonly nameServers: pulumi.Output<Record<string, string[]>>;
  /** Where clients reach the reverse proxy: the gateways' addresses, or the declared ones for an external proxy. */
  readonly reverseProxyAddresses: pulumi.Output<string[]>;
  /** ARM ids of the Application Gateways (none for an external reverse proxy). */
  readonly gatewayIds: pulumi.Output<string[]>;
  /** The plan's warnings, one line each: `[rule] subject: message`. */
  readonly warnings: pulumi.Output<string[]>;

  constructor(name: string, args: LyncDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    // Inputs of the spec (addresses, zone ids, resource groups) stand in as placeholders until known (inputs.ts).
    const { spec: standIns, inputs } = withStandIns(args.deployment);
    // Validate before anything is registered, the component included: nothing half-applied.
    const spec = validatedSpec({ ...args, deployment: standIns });
    // ONBOARD-ORDER: the issued certificates say what is in service; tenants whose names they lack wait.
    const plan = buildPlan(spec, issuedNames(args.issuedCertificates));
    const slice = shardSlice(plan, args.shard);
    // Another deployment of this program managing the same records or gateway: refused before anything is registered.
    const overlaps = claimTargets(name, cloudTargets(spec, plan, slice));
    if (overlaps.length > 0) throw new DeploymentValidationError(overlaps);
    const checked = inputs.length === 0 ? undefined : checkedInputs(inputs, standIns, args, plan);
    const real = <T>(o: pulumi.Output<T>): pulumi.Output<T> =>
      checked === undefined ? o : pulumi.all([o, checked]).apply(([v, values]) => JSON.parse(substitute(JSON.stringify(v), inputs, values)) as T);
    // The deployment itself is read when a child registers, after super() has returned.
    const registered: { deployment?: pulumi.Resource } = {};
    const transformations = [
      protectLongLived(spec.lifecycle.protect),
      ...(checked === undefined ? [] : [putBackInputs(inputs, checked)]),
      ...(args.adoptMovedResources === true ? [adoptMovedResources(() => registered.deployment)] : []),
      ...(opts?.transformations ?? []),
    ];
    super(DEPLOYMENT_TYPE, name, {}, { ...opts, transformations });
    registered.deployment = this;
    const stackTraceLimit = Error.stackTraceLimit;
    // The SDK's per-resource source position raises the limit itself; PULUMI_DEBUG_PROMISE_LEAKS reads the traces.
    const quiet = args.registerWithoutStackTraces === true && !process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    if (quiet) Error.stackTraceLimit = 0;
    try {
      const scope = { parent: this, prefix: name, legacyAliases: args.legacyNameAliases === true };
      const zones = createZones(spec, scope, slice.shared);
      const recordsOf = groupBy(plan.records, (r) => r.sipDomain);
      const sipDomains: Record<string, SipDomain> = {};
      const internal = internalDnsInput(spec, plan);
      for (const tenant of slice.tenants) {
        sipDomains[tenant.name] = new SipDomain(
          childName(scope, tenant.name),
          { tenant, records: recordsOf.get(tenant.name) ?? [], zones, deployment: scope, internal },
          childOptions(scope, tenant.name),
        );
      }
      plans.set(this, { plan, sipDomains });
      const certificates = createCertificates(spec, { ...plan, certificates: slice.certificates }, scope, args.issuedCertificates);
      let reverseProxy: ReturnType<typeof createReverseProxy>;
      if (slice.shared) {
        const shared = { ...scope, otherOwner: anyTenantUrn(this) };
        createRecords(recordsOf.get(null) ?? [], zones, shared);
        if (internal) createInternalDns(internal, null, shared);
        const pfx = { pfx: args.reverseProxyPfx, password: args.reverseProxyPfxPassword, own: certificates.pfx };
        reverseProxy = createReverseProxy(spec, plan, scope, pfx);
        createCloudflareRules(spec, plan, zones, scope);
      }

      this.tenants = pulumi.output(Object.fromEntries(slice.tenants.map((t) => [t.name, [...t.fqdns]])));
      this.certificateRequests = certificates.requests;
      this.testCaCertPem = certificates.testCaCertPem ?? pulumi.output("");
      this.certificatePfx = pulumi.secret(pulumi.all(certificates.pfx));
      this.nameServers = zones.nameServers;
      this.reverseProxyAddresses = real(
        reverseProxy?.publicIpAddresses ?? pulumi.output([...new Set(plan.routes.flatMap((r) => r.listener.addresses))].sort()),
      );
      this.gatewayIds = reverseProxy?.gatewayIds ?? pulumi.output([]);
      this.warnings = real(pulumi.output(plan.warnings.map((w) => formatWarning(w))));
    } catch (e) {
      if (!quiet) throw e;
      // Thrown without frames (the limit was 0): a new error, made after the limit is back, points at the component.
      Error.stackTraceLimit = stackTraceLimit;
      throw new Error(`LyncDeployment ${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.registerOutputs({
      tenants: this.tenants,
      certificateRequests: this.certificateRequests,
      testCaCertPem: this.testCaCertPem,
      certificatePfx: this.certificatePfx,
      nameServers: this.nameServers,
      reverseProxyAddresses: this.reverseProxyAddresses,
      gatewayIds: this.gatewayIds,
      warnings: this.warnings,
    });
  }

  /** The plan the deployment was built from (records, certificates, routes, simple URLs, warnings). */
  get plan(): Plan {
    return plans.get(this)!.plan;
  }

  /** The SipDomain component of each tenant, by domain name. */
  get sipDomains(): Readonly<Record<string, SipDomain>> {
    return plans.get(this)!.sipDomains;
  }
}

/**
 * The Inputs' values once the spec with them passes every check (validatedSpec: all problems in one error) and plans
 * the same records, routes and certificate names as with the stand-ins; rejects otherwise, so no child gets them.
 */
function checkedInputs(inputs: readonly SpecInput[], standIns: DeploymentConfig, args: LyncDeploymentArgs, plan: Plan) {
  return pulumi.all(inputs.map((i) => i.value)).apply((values) => {
    const spec = validatedSpec({ ...args, deployment: resolvedSpec(standIns, inputs, values) });
    const shape = (p: Plan) =>
      JSON.stringify([
        p.records.map((r) => `${r.zone} ${r.name} ${r.type}`).sort(),
        p.routes.map((r) => r.id).sort(),
        p.certificates.map((c) => [c.id, [...c.dnsNames].sort()]),
      ]);
    if (shape(buildPlan(spec, issuedNames(args.issuedCertificates))) !== shape(plan)) {
      const fields = inputs.map((i) => i.path).join(", ");
      throw new DeploymentValidationError([
        {
          path: "",
          rule: "INPUT",
          message: `the values of ${fields}, once known, change which records, routes or certificate names the deployment has: give them as plain values`,
        },
      ]);
    }
    return values;
  });
}

function isValidatedSpec(value: DeploymentConfig | DeploymentSpec): value is DeploymentSpec {
  return (value as { __validated?: unknown }).__validated === true;
}

/** The spec, or every problem of the deployment and of the certificate inputs in one error. */
function validatedSpec(args: LyncDeploymentArgs): DeploymentSpec {
  const given = args.deployment as DeploymentConfig | DeploymentSpec;
  const result = isValidatedSpec(given) ? { ok: true as const, spec: given, problems: [] } : validateDeployment(given);
  const problems: Problem[] = [...result.problems];
  if (result.ok)
    problems.push(...shardProblems(result.spec, args.shard), ...pfxInputProblems(result.spec, args), ...issuedProblems(result.spec, args));
  if (problems.length > 0 || !result.ok) throw new DeploymentValidationError(problems);
  return result.spec;
}

/** A gateway whose certificate comes as a PFX input needs both inputs. */
function pfxInputProblems(spec: DeploymentSpec, args: LyncDeploymentArgs): Problem[] {
  const rp = spec.reverseProxy;
  // The main gateway always has HTTPS listeners (the https-web route), so the source is always needed where it lives.
  if (rp.provider !== "azure" || certificateSource(rp)?.kind !== "pfxInput" || !shardSlice(buildPlan(spec), args.shard).shared) return [];
  const inputs = ["reverseProxyPfx", "reverseProxyPfxPassword"] as const;
  return inputs
    .filter((input) => args[input] === undefined)
    .map((input) => ({
      path: "reverseProxy.pfxConfigKey",
      rule: "AGW-CONFIG",
      subject: input,
      message: `the gateway's HTTPS listeners take the certificate from the PFX input: give LyncDeployment's ${input} (a secret)`,
    }));
}

/** Issued certificates for ids this stack does not hold or that fail their checks; the gateway's, when it needs it. */
function issuedProblems(spec: DeploymentSpec, args: LyncDeploymentArgs): Problem[] {
  const given = args.issuedCertificates ?? {};
  const missing = issuedReverseProxyMissing(spec, (id) => given[id] !== undefined);
  if (Object.keys(given).length === 0 && !missing) return [];
  const slice = shardSlice(buildPlan(spec), args.shard);
  const problems = issuedInputProblems(slice.certificates, given);
  if (missing && slice.shared) problems.push(missingIssuedCertificate("LyncDeployment's issuedCertificates"));
  return problems;
}

/** The name TypeScript programs use. */
export { Deployment as LyncDeployment };
