/**
 * The programs a bench worker runs under the mock runtime:
 * - library: the project's index.ts (validate -> LyncDeployment -> exports), i.e. what `pulumi up` runs;
 * - floor:   the same provider resources (type, logical name, inputs, deleteBeforeReplace/protect, taken from a
 *            library capture) registered directly with the provider SDK classes: no spec, no plan, no components,
 *            no Outputs between resources. What any program that publishes these records must at least pay. The
 *            engine bench runs it as a program module (bench/floorMain.ts), as the library's index.ts runs;
 * - generic: the same, but as bare pulumi.CustomResource (no SDK class, so none of its declared output properties
 *            and aliases): shows what the SDK classes themselves cost per resource;
 * - empty:   nothing registered: the fixed cost of node, tsx, the SDK and the capture harness.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { CapturedResource } from "../tests/harness/capture";
import { programFromModule } from "../tests/harness/capture";
import { PROJECT_PROGRAM } from "../tests/harness/changeSimulation";
import { owners } from "../tests/harness/owners";

/** A provider resource as the floor replays it. */
export interface FloorResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly deleteBeforeReplace: boolean;
  readonly protect: boolean;
  /** The SIP domain whose SipDomain component the library registered it under; null: shared. */
  readonly owner: string | null;
  /** The logical name of the explicit provider it is registered with (a subscription's azure-native provider). */
  readonly provider?: string;
}

/** The package of a provider resource's type token (`pulumi:providers:<package>`); undefined for other types. */
const providerPackage = (type: string) => (type.startsWith("pulumi:providers:") ? type.split(":")[2] : undefined);
const isProvider = (r: Pick<CapturedResource, "type">) => providerPackage(r.type) !== undefined;

/**
 * The library's provider resources and the explicit providers they use: an estate's stack reaches each Azure
 * subscription through a provider of its own, and the engine runs each as a plugin process, so the floor has them too.
 */
export function floorResources(captured: readonly CapturedResource[]): FloorResource[] {
  const owner = owners(captured);
  const providerName = new Map(captured.filter(isProvider).map((p) => [p.urn, p.name]));
  // A reference is `urn::id`; "" is the default provider.
  const providerOf = (ref: string) => providerName.get(ref.slice(0, ref.lastIndexOf("::")));
  const used = new Set(captured.filter((r) => r.custom && !isProvider(r)).map((r) => providerOf(r.options.provider)));
  return captured
    .filter((r) => r.custom && (!isProvider(r) || used.has(r.name)))
    .map((r) => {
      const provider = isProvider(r) ? undefined : providerOf(r.options.provider);
      return {
        type: r.type,
        name: r.name,
        inputs: r.inputs,
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        protect: r.options.protect,
        owner: owner.get(r.urn) ?? null,
        ...(provider === undefined ? {} : { provider }),
      };
    });
}

/** capture.ts shows a secret input as `{ secret: value }`; turn it back into a secret for the replay. */
function unreveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unreveal);
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === "secret") return pulumi.secret(unreveal(entries[0][1]));
    return Object.fromEntries(entries.map(([k, v]) => [k, unreveal(v)]));
  }
  return value;
}

type ResourceClass = new (name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * The SDK class of a type token, loaded the way the adapters load it: `azure-native:<module>:<Class>` from
 * `@pulumi/azure-native/<module>`, `<pkg>:index/<x>:<Class>` from `@pulumi/<pkg>`, a provider `pulumi:providers:<pkg>`
 * as the package's Provider class.
 */
export function sdkClass(type: string): ResourceClass {
  const providerPkg = providerPackage(type);
  const [pkg, mod, cls] = providerPkg === undefined ? type.split(":") : [providerPkg, "provider", "Provider"];
  const path = pkg === "azure-native" ? `@pulumi/azure-native/${mod}` : `@pulumi/${pkg}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ctor = (require(path) as Record<string, unknown>)[cls] as (ResourceClass & { __pulumiType?: string }) | undefined;
  // A provider class carries its package's name as its type; the engine's type token is pulumi:providers:<package>.
  if (!ctor || ctor.__pulumiType !== (providerPkg ?? type)) throw new Error(`no SDK class for ${type} in ${path}`);
  return ctor;
}

/** A bare custom resource of any type: only the inputs given, no declared output properties, no aliases. */
class GenericResource extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
    super(type, name, inputs, opts);
  }
}

/** A bare provider of a package: only the inputs given. */
class GenericProvider extends pulumi.ProviderResource {
  constructor(pkg: string, name: string, inputs: Record<string, unknown>, opts: pulumi.ResourceOptions) {
    super(pkg, name, inputs, opts);
  }
}

/**
 * `sdk`: the provider resources alone; `generic`: the same as bare CustomResources; `components`: the SDK classes under
 * the library's component tree (one Deployment, one SipDomain per tenant, each resource under its owner), without
 * its aliases, Outputs, validation or plan: what the component structure itself costs.
 */
export type FloorStyle = "sdk" | "generic" | "components";

export function floorProgram(resources: readonly FloorResource[], style: FloorStyle): () => void {
  return () => {
    const root = style === "components" ? new pulumi.ComponentResource("lync:index:Deployment", "lync", {}) : undefined;
    const tenants = new Map<string, pulumi.ComponentResource>();
    const parentOf = (owner: string | null) => {
      if (!root || owner === null) return root;
      let c = tenants.get(owner);
      if (!c) tenants.set(owner, (c = new pulumi.ComponentResource("lync:index:SipDomain", `lync-${owner}`, {}, { parent: root })));
      return c;
    };
    const providers = new Map<string, pulumi.ProviderResource>();
    for (const r of resources.filter(isProvider)) {
      const inputs = unreveal(r.inputs) as Record<string, unknown>;
      const provider =
        style === "generic"
          ? new GenericProvider(providerPackage(r.type)!, r.name, inputs, { parent: root })
          : new (sdkClass(r.type))(r.name, inputs, { parent: root });
      providers.set(r.name, provider);
    }
    for (const r of resources.filter((x) => !isProvider(x))) {
      const provider = r.provider === undefined ? {} : { provider: providers.get(r.provider) };
      const opts = { deleteBeforeReplace: r.deleteBeforeReplace, protect: r.protect, parent: parentOf(r.owner), ...provider };
      const inputs = unreveal(r.inputs) as Record<string, unknown>;
      if (style === "generic") new GenericResource(r.type, r.name, inputs, opts);
      else new (sdkClass(r.type))(r.name, inputs, opts);
    }
  };
}

export const libraryProgram = (): (() => unknown) => programFromModule(PROJECT_PROGRAM);

/** The environment bench/floorMain.ts reads: the file of its FloorResource[], and its FloorStyle. */
export const FLOOR_FILE_ENV = "LYNC_BENCH_FLOOR_FILE";
export const FLOOR_STYLE_ENV = "LYNC_BENCH_FLOOR_STYLE";

/**
 * The floor of `file` as a program module (bench/floorMain.ts), loaded by require inside the program as the library's
 * index.ts is: both then carry the same module-loading frames in the stack the SDK records with every resource. The
 * module reads its file from the environment, set here: one floor per process, as the bench workers run it.
 */
export function floorModuleProgram(file: string, style: FloorStyle): () => unknown {
  process.env[FLOOR_FILE_ENV] = file;
  process.env[FLOOR_STYLE_ENV] = style;
  return programFromModule(path.join(__dirname, "floorMain.ts"));
}

export const emptyProgram = (): (() => void) => () => undefined;
