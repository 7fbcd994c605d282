/**
 * Change simulation: runs the real Pulumi program under the mock runtime with config A, then with config B, and
 * classifies every resource as create / update / replace / delete / unchanged, the way `pulumi preview` would:
 * - identity is the URN (type, parent chain, logical name): a renamed resource is a delete plus a create, unless an
 *   alias of the new one names the old one (then it is the same resource);
 * - same URN, different inputs: a replace when a changed input is replace-triggering for the type
 *   (lab/replaceSemantics.ts, or the resource's own `replaceOnChanges`), an in-place update otherwise.
 *
 * Between the two runs the mocks keep "state": a resource registered again with the same inputs gets the outputs
 * it got the first time (as the engine keeps an unchanged resource's outputs), so a key that does not change keeps
 * its PEM and the CSR that uses it does not see a spurious change. Nothing here knows the adapters' internals.
 */
import * as path from "node:path";
import type { MockResourceArgs, MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import { aliasNames, capture, engineUrn, programFromModule, type Capture, type CapturedResource, type MockProvider } from "./capture";
import { replaceSemanticsOf } from "./replaceSemantics";
import { canonicalJson as canonical } from "../../components/plan/diff";

export type ChangeKind = "create" | "update" | "replace" | "delete" | "unchanged";

export interface ResourceChange {
  readonly kind: ChangeKind;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Top-level inputs that differ (update and replace only). */
  readonly changedInputs: readonly string[];
  /** The changed inputs that force the replacement. */
  readonly replaceReasons: readonly string[];
  /** A replacement that deletes the old resource before creating the new one (the resource's deleteBeforeReplace). */
  readonly deleteBeforeReplace: boolean;
  /** Deleting or replacing a resource protected in A: `pulumi up` stops until someone unprotects it. */
  readonly blockedByProtect: boolean;
}

export interface Simulation {
  readonly before: Capture;
  readonly after: Capture;
  readonly changes: readonly ResourceChange[];
}

/** JSON with sorted keys (the plan diff's comparison too): inputs compare by content, not by key order. */
export { canonical };

function changedInputs(a: CapturedResource, b: CapturedResource, ignore: readonly string[]): string[] {
  const keys = new Set([...Object.keys(a.inputs), ...Object.keys(b.inputs)]);
  return [...keys].filter((k) => !ignore.includes(k) && canonical(a.inputs[k]) !== canonical(b.inputs[k])).sort();
}

/** Which changed inputs replace `after`'s resource; throws for a provider type the table does not know. */
function replaceReasons(r: CapturedResource, changed: readonly string[]): string[] {
  const own = r.options.replaceOnChanges;
  const byOption = own.includes("*") ? [...changed] : changed.filter((k) => own.includes(k));
  if (!r.custom || r.type.startsWith("pulumi:providers:")) return byOption;
  const semantics = replaceSemanticsOf(r.type);
  if (!semantics) {
    throw new Error(`lab/replaceSemantics.ts has no entry for ${r.type} (${r.name}): add it with its provider source`);
  }
  return [...new Set([...byOption, ...changed.filter((k) => semantics.replaceOn.includes(k))])].sort();
}

interface AliasSpec {
  readonly urn?: string;
  readonly spec?: { readonly name?: string; readonly type?: string; readonly parenturn?: string; readonly noparent?: boolean };
}

/** The URNs a resource's aliases name, in the engine's URN scheme (as the capture builds URNs: engineUrn). */
export function aliasUrns(r: CapturedResource): string[] {
  const [stackPart, project] = r.urn.split("::"); // urn:pulumi:<stack> :: <project> :: <type chain> :: <name>
  return (r.options.aliases as AliasSpec[]).map((alias) => {
    if (alias.urn) return alias.urn;
    const spec = alias.spec ?? {};
    const parent = spec.noparent ? "" : spec.parenturn || r.parent;
    return engineUrn(`${stackPart}::${project}`, parent, spec.type || r.type, spec.name || r.name);
  });
}

/**
 * Pure: classifies every URN of `before` and `after`. A resource whose URN is new but one of whose aliases names a
 * resource of `before` that is gone is that resource, renamed or re-parented: compared by inputs, not created anew.
 */
export function classifyChanges(before: readonly CapturedResource[], after: readonly CapturedResource[]): ResourceChange[] {
  const old = new Map(before.map((r) => [r.urn, r]));
  const now = new Map(after.map((r) => [r.urn, r]));
  const adopted = new Set<string>();
  const changes: ResourceChange[] = [];
  const base = (r: CapturedResource) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    changedInputs: [] as string[],
    replaceReasons: [] as string[],
    deleteBeforeReplace: false,
  });
  // The engine refuses two resources whose aliases name the same live resource ("Duplicate resource alias"): which of
  // them would it be? The simulation says so too, instead of handing it to the first.
  const claimedBy = new Map<string, string>();
  for (const r of after) {
    if (old.has(r.urn)) continue;
    for (const u of new Set(aliasUrns(r).filter((x) => old.has(x) && !now.has(x)))) {
      const other = claimedBy.get(u);
      if (other !== undefined) throw new Error(`Duplicate resource alias ${u}: claimed by ${other} and by ${r.urn}`);
      claimedBy.set(u, r.urn);
    }
  }
  for (const r of after) {
    let a = old.get(r.urn);
    if (!a) {
      const alias = aliasUrns(r).find((u) => old.has(u) && !now.has(u) && !adopted.has(u));
      if (alias) {
        adopted.add(alias);
        a = old.get(alias);
      }
    }
    if (!a) {
      changes.push({ ...base(r), kind: "create", blockedByProtect: false });
      continue;
    }
    const ignore = replaceSemanticsOf(r.type)?.writeOnly ?? [];
    const changed = changedInputs(a, r, ignore);
    if (changed.length === 0) {
      changes.push({ ...base(r), kind: "unchanged", blockedByProtect: false });
      continue;
    }
    const reasons = replaceReasons(r, changed);
    const replace = reasons.length > 0;
    changes.push({
      ...base(r),
      kind: replace ? "replace" : "update",
      changedInputs: changed,
      replaceReasons: reasons,
      deleteBeforeReplace: replace && r.options.deleteBeforeReplace,
      blockedByProtect: replace && a.options.protect,
    });
  }
  for (const a of before) {
    if (!now.has(a.urn) && !adopted.has(a.urn)) changes.push({ ...base(a), kind: "delete", blockedByProtect: a.options.protect });
  }
  return changes.sort((x, y) => (x.urn < y.urn ? -1 : x.urn > y.urn ? 1 : 0));
}

/**
 * The engine-like state of statefulProviders: `type::name` -> the inputs (canonical JSON) and the outputs they got.
 * Passed in, it carries the state of another run, even of another process (tests/harness/mockState.ts): the base
 * side of a review simulated with the base's own code.
 */
export type MockState = Map<string, { inputs: string; result: MockResourceResult }>;

/**
 * Wraps mock providers with engine-like state: the same (type, name, inputs) gets the same id and outputs in
 * every run, and so does a resource whose alias names the earlier one (the engine moves state to the new URN).
 * Anything else is computed afresh by `providers` (default: outputs echo the inputs).
 */
export function statefulProviders(providers: readonly MockProvider[] = [], state: MockState = new Map()): MockProvider[] {
  return [
    async (args: MockResourceArgs) => {
      const key = `${args.type}::${args.name}`;
      const inputs = canonical(args.inputs);
      const known = [key, ...(aliasNames.get(key) ?? []).map((name) => `${args.type}::${name}`)].map((k) => state.get(k)).find(Boolean);
      if (known && known.inputs === inputs) return known.result;
      let result: MockResourceResult | undefined;
      for (const p of providers) {
        result = await p(args);
        if (result) break;
      }
      result ??= { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      state.set(key, { inputs, result });
      return result;
    },
  ];
}

export interface SimulateOptions {
  /** Mock providers (e.g. lab/tlsMocks.ts), wrapped with state; default: echo inputs. */
  readonly providers?: readonly MockProvider[];
  /** Default: the project's index.ts. */
  readonly program?: () => unknown;
  /** The program of the first run, when it differs (e.g. an earlier release's index.ts); default `program`. */
  readonly programBefore?: () => unknown;
  readonly stack?: string;
  /** Further stack config (e.g. secrets a stack file names), besides `lync:deployment`. */
  readonly config?: Record<string, unknown>;
}

export const PROJECT_PROGRAM = path.join(__dirname, "..", "..", "index.ts");

/**
 * Runs the program once with deployment config A (`lync:deployment`) and returns what changes from there to any B: each
 * B runs from a copy of A's mock state, as each `pulumi preview` of B starts from A's deployed stack. Many heads
 * against one base (the engine's review test) run the base once.
 */
export async function changesFrom(deploymentA: unknown, options: SimulateOptions = {}): Promise<(deploymentB: unknown) => Promise<Simulation>> {
  const program = options.program ?? programFromModule(PROJECT_PROGRAM);
  const state: MockState = new Map();
  const config = (deployment: unknown) => ({ ...options.config, "lync:deployment": deployment });
  const run = (deployment: unknown, p: () => unknown, s: MockState) =>
    capture(p, { config: config(deployment), providers: statefulProviders(options.providers, s), stack: options.stack });
  const before = await run(deploymentA, options.programBefore ?? program, state);
  return async (deploymentB) => {
    const after = await run(deploymentB, program, new Map(state));
    return { before, after, changes: classifyChanges(before.resources, after.resources) };
  };
}

/** Runs the program with deployment config A, then B (`lync:deployment`), and classifies the change. */
export async function simulateChange(deploymentA: unknown, deploymentB: unknown, options: SimulateOptions = {}): Promise<Simulation> {
  return (await changesFrom(deploymentA, options))(deploymentB);
}

/** The changes that are not `unchanged`, as `kind type name [reasons]` lines: for assertions and reports. */
export function describeChanges(changes: readonly ResourceChange[]): string[] {
  return changes
    .filter((c) => c.kind !== "unchanged")
    .map((c) => {
      const why =
        c.kind === "replace"
          ? ` [${c.replaceReasons.join(",")}]${c.deleteBeforeReplace ? " delete-first" : ""}`
          : c.kind === "update"
            ? ` [${c.changedInputs.join(",")}]`
            : "";
      return `${c.kind} ${c.type} ${c.name}${why}${c.blockedByProtect ? " BLOCKED (protected)" : ""}`;
    });
}
