/**
 * The plan review's provider changes: the same change simulation the tests use (tests/harness/changeSimulation.ts:
 * this repository's program under Pulumi's mock runtime with the base, then the head configuration, every resource
 * classified with each provider's replace semantics, aliases followed as the engine does). One source of truth for
 * "what will change": the review and the lifecycle tests cannot disagree.
 *
 * An estate is reviewed stack by stack: the program runs once per shard (`lync:shard`), as each stack will, so the
 * review says which stacks a change affects from what each stack would register.
 */
import type { DeploymentSpec } from "../components/spec/types";
import type { ProviderChange } from "../components/render/diff";
import { canonicalJson } from "../components/plan/diff";
import { buildPlan, shardNames, shardSlice, type Plan, type PlanRecord } from "../components/model";
import { internalZoneOwners } from "../components/plan/rules/internalDns";
import { layoutGateways } from "../components/azure/layout";
import { PROJECT_PROGRAM, classifyChanges, statefulProviders, type MockState } from "../tests/harness/changeSimulation";
import { capture, programFromModule, type CapturedResource } from "../tests/harness/capture";
import { tlsMocks } from "../tests/harness/tlsMocks";
import { owners } from "../tests/harness/owners";

export interface Reviewed {
  readonly input: unknown;
  readonly spec: DeploymentSpec;
}

/** Stand-ins for the stack secrets a spec names (a test stack's PFX): the simulation needs values, never the real ones. */
function secretStandIns(spec: DeploymentSpec): Record<string, string> {
  const keys = [spec].flatMap((s) => (s.reverseProxy.provider === "azure" ? [s.reverseProxy.pfxConfigKey, s.reverseProxy.pfxPasswordConfigKey] : []));
  return Object.fromEntries(keys.filter((k): k is string => k !== undefined).map((k) => [`lync:${k}`, "simulated"]));
}

const nothing = () => undefined;

/** A Cloudflare DnsRecord is one record of a set: the set (its name and type), so the review can tell it is kept. */
function recordSetOf(type: string, inputs: Record<string, unknown> | undefined): Pick<ProviderChange, "recordSet"> {
  if (type !== "cloudflare:index/dnsRecord:DnsRecord" || typeof inputs?.name !== "string" || typeof inputs.type !== "string") return {};
  return { recordSet: { name: inputs.name, type: inputs.type } };
}

export interface StackResources {
  /** What the stack's program registers under the mock runtime. */
  readonly resources: readonly CapturedResource[];
  /** The mocks' engine-like state after the run: what a later run of the same stack continues from. */
  readonly state: MockState;
}

/** The stack config the program reads: the deployment, the shard, stand-ins for the secrets it names. */
function stackConfig(side: Reviewed, shard: string | undefined): Record<string, unknown> {
  return { ...secretStandIns(side.spec), ...(shard === undefined ? {} : { "lync:shard": shard }), "lync:deployment": side.input };
}

/**
 * The last base side this process ran from an empty state, by its config. A caller that reviews many heads against one
 * base in one process (the review's tests call the tool's main again and again) runs that base once; one entry only,
 * so an estate's review, shard after shard, holds no more than before.
 */
let lastBase: { readonly key: string; readonly run: StackResources } | undefined;

async function captureBase(base: Reviewed, shard: string | undefined): Promise<StackResources> {
  const key = canonicalJson(stackConfig(base, shard));
  if (lastBase?.key !== key) lastBase = { key, run: await captureStack(base, shard) };
  // The head's run continues from the base's state and adds to it: a copy each time.
  return { resources: lastBase.run.resources, state: new Map(lastBase.run.state) };
}

/**
 * What one stack (one shard's, or the whole deployment's) registers, run by this checkout's program under mocks; nothing
 * where the shard does not exist on this side. `state` carries an earlier run's keys and certificates (the base's, even
 * from another process: tools/resourceExport.ts), as the engine keeps a stack's state.
 */
export async function captureStack(side: Reviewed, shard: string | undefined, state: MockState = new Map()): Promise<StackResources> {
  const config = stackConfig(side, shard);
  const exists = shard === undefined || shardNames(side.spec).includes(shard);
  const providers = statefulProviders([tlsMocks()], state);
  const { resources } = await capture(exists ? programFromModule(PROJECT_PROGRAM) : nothing, { config, providers });
  return { resources, state };
}

/**
 * Every provider resource the change from `before` to `after` (one stack's resources on each side) creates, updates,
 * replaces or deletes, classified with each provider's replace semantics.
 */
export function changesBetween(before: readonly CapturedResource[], after: readonly CapturedResource[], shard?: string): ProviderChange[] {
  const ownerOf = new Map([...owners(before), ...owners(after)]);
  const inputsOf = new Map([...before, ...after].map((r) => [r.urn, r.inputs]));
  return classifyChanges(before, after)
    .filter((c) => c.kind !== "unchanged" && !c.type.startsWith("pulumi:"))
    .map((c) => ({
      kind: c.kind as ProviderChange["kind"],
      type: c.type,
      name: c.name,
      inputs: c.kind === "replace" ? c.replaceReasons : c.changedInputs,
      deleteFirst: c.kind === "replace" && c.deleteBeforeReplace,
      blockedByProtect: c.blockedByProtect,
      tenant: ownerOf.get(c.urn) ?? null,
      ...(shard === undefined ? {} : { shard }),
      ...recordSetOf(c.type, inputsOf.get(c.urn)),
    }));
}

/**
 * Every provider resource the change from `base` to `head` creates, updates, replaces or deletes (in one shard's
 * stack), both sides run by this checkout's code. A shard that exists on one side only (an edge pool added or removed)
 * is a new stack, or one whose every resource goes.
 */
export async function providerChanges(base: Reviewed, head: Reviewed, shard?: string): Promise<ProviderChange[]> {
  const before = await captureBase(base, shard);
  const after = await captureStack(head, shard, before.state);
  return changesBetween(before.resources, after.resources, shard);
}

/**
 * Everything a shard's stack registers derives from this: the estate's settings outside its tenant and zone lists, the
 * zones the shard's records use (and, for infra, the zones the estate creates), and the shard's slice of the plan (its
 * tenants, their records, its certificates; for infra also the shared records, the gateways' layout and every proxied
 * record, which the Cloudflare rulesets span). Equal keys: the stack has nothing to change, and its simulation is skipped.
 */
function sliceKey(spec: DeploymentSpec, plan: Plan, shard: string): string {
  const slice = shardSlice(plan, shard);
  const tenants = new Set(slice.tenants.map((t) => t.name));
  const mine = (r: PlanRecord) => (r.sipDomain === null ? slice.shared : tenants.has(r.sipDomain));
  const records = plan.records.filter((r) => mine(r) || (slice.shared && r.proxied));
  // Internal zones are registered by their owner (a tenant's own, else infra's): the zones' owners are part of it.
  const internalRecords = plan.internal?.records.filter(mine) ?? [];
  const internalZones = new Set(internalRecords.map((r) => r.zone));
  const internal = plan.internal && {
    records: internalRecords,
    owners: [...internalZoneOwners(plan.internal)].filter(([zone, o]) => internalZones.has(zone) || (o === null ? slice.shared : tenants.has(o))),
  };
  const used = new Set(records.map((r) => r.zone));
  const { sipDomains: _, zones, ...settings } = spec;
  return canonicalJson({
    settings,
    zones: zones.filter((z) => used.has(z.name) || (slice.shared && z.provider !== "external" && z.create)),
    tenants: slice.tenants,
    records,
    internal,
    certificates: slice.certificates,
    // The gateways as the adapter lays them out: a route's new host name on the basic HTTP listener changes nothing.
    ...(slice.shared && spec.reverseProxy.provider === "azure" ? { gateways: layoutGateways(spec, plan).map((g) => g.args) } : {}),
  });
}

export interface EstateChanges {
  /** Every shard of base and head, in order. */
  readonly shards: readonly string[];
  /** The provider changes of every shard's stack, each with its shard. */
  readonly changes: readonly ProviderChange[];
}

/** The change from `base` to `head`, stack by stack; shards whose inputs are equal on both sides are not simulated. */
export async function estateChanges(
  base: Reviewed,
  head: Reviewed,
  options: { readonly skipUnchanged?: boolean; readonly onSimulate?: (shard: string) => void } = {},
): Promise<EstateChanges> {
  const shards = [...new Set([...shardNames(base.spec), ...shardNames(head.spec)])];
  const [basePlan, headPlan] = [buildPlan(base.spec), buildPlan(head.spec)];
  const changes: ProviderChange[] = [];
  for (const shard of shards) {
    if (options.skipUnchanged !== false && sliceKey(base.spec, basePlan, shard) === sliceKey(head.spec, headPlan, shard)) continue;
    options.onSimulate?.(shard);
    changes.push(...(await providerChanges(base, head, shard)));
  }
  return { shards, changes };
}
