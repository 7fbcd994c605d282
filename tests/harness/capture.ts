/**
 * Runs a Pulumi program under the mock runtime (no CLI, no plugins) and captures every resource it registers:
 * type, logical name, URN, parent, inputs (secrets kept visible as such) and the options the engine would see
 * (deleteBeforeReplace, protect, retainOnDelete, aliases, additionalSecretOutputs, ignoreChanges).
 *
 * Used by the tests, the lifecycle harness and the lab, so that each of them checks what `pulumi up` would send.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs, MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
// Internal modules of the SDK: the mock monitor and the serialisation it uses. Pinned SDK version (package.json).
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as rpc from "@pulumi/pulumi/runtime/rpc";

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string;
  readonly custom: boolean;
  /** Inputs as the provider would receive them; a secret input is `{ secret: value }`. */
  readonly inputs: Record<string, unknown>;
  readonly options: {
    readonly deleteBeforeReplace: boolean;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly ignoreChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly replaceOnChanges: readonly string[];
    readonly aliases: readonly unknown[];
    readonly dependencies: readonly string[];
    /** The explicit provider reference (`urn::id`), or "" for the default provider. */
    readonly provider: string;
  };
}

/**
 * A resource's URN as the engine builds it: `<prefix>::<type chain>::<name>`, the chain being the parent's whole
 * qualified type, then `$`, then the type, the root stack left out (pulumi/pulumi sdk/go/common/resource/urn.go). The
 * SDK's mock monitor keeps only the parent's own type; the engine tests found the difference when they compared the
 * review with a real preview, so captures use this instead.
 */
export function engineUrn(prefix: string, parent: string, type: string, name: string): string {
  const parentType = parent ? parent.split("::")[2] : "";
  const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
  return `${prefix}::${qualified}::${name}`;
}

/** Computes the outputs of a mocked resource; the default echoes the inputs. */
export type MockProvider = (args: MockResourceArgs) => MockResourceResult | Promise<MockResourceResult> | undefined;

/**
 * The names a resource's aliases give it (`type::name` -> alias names), recorded as each registration reaches the mock
 * monitor, before the mocks answer it: the mock runtime hands providers no aliases, and statefulProviders
 * (changeSimulation.ts) needs them to keep a renamed resource's outputs as the engine keeps its state.
 */
export const aliasNames = new Map<string, string[]>();

export interface CaptureOptions {
  /** Stack config, e.g. { "lync:deployment": {...} }; objects are passed as JSON like the CLI does. */
  readonly config?: Record<string, unknown>;
  /** Mocks tried in order for each resource; the first that returns a result wins. */
  readonly providers?: readonly MockProvider[];
  readonly project?: string;
  readonly stack?: string;
  /** true: run as `pulumi preview` (unknown outputs stay unknown). */
  readonly preview?: boolean;
}

export interface Capture {
  readonly resources: CapturedResource[];
  /** The program's stack outputs (exports), resolved. */
  readonly outputs: Record<string, unknown>;
}

/** Marks secret values in deserialised inputs as `{ secret: value }` so that tests can see what is secret. */
function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (v[rpc.specialSigKey] === rpc.specialSecretSig) return { secret: revealSecrets(v.value) };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revealSecrets(x)]));
  }
  return value;
}

/**
 * Runs `program` (a function that registers resources and returns the stack outputs) under mocks.
 * Only one capture may run at a time in a process (the mock runtime is global).
 */
export async function capture(program: () => unknown, options: CaptureOptions = {}): Promise<Capture> {
  const resources: CapturedResource[] = [];
  const providers = options.providers ?? [];
  await pulumi.runtime.setMocks(
    {
      call: (args) => {
        throw new Error(`unexpected provider function call ${args.token}`);
      },
      newResource: async (args) => {
        for (const p of providers) {
          const result = await p(args);
          if (result) return result;
        }
        return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      },
    },
    options.project ?? "lync",
    options.stack ?? "test",
    options.preview ?? false,
  );
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(options.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
  );

  // Wrap the mock monitor to see the request options the engine would get.
  const monitor = settings.getMonitor() as unknown as {
    registerResource(req: RegisterResourceRequest, cb: (err: unknown, res: RegisterResourceResponse) => void): void;
    newUrn(parent: string, type: string, name: string): string;
  };
  monitor.newUrn = (parent, type, name) => engineUrn(`urn:pulumi:${options.stack ?? "test"}::${options.project ?? "lync"}`, parent, type, name);
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const names = req
      .getAliasesList()
      .map((a) => a.toObject().spec?.name)
      .filter((n): n is string => Boolean(n));
    aliasNames.set(`${req.getType()}::${req.getName()}`, names);
    register(req, (err, res) => {
      if (!err) {
        resources.push({
          type: req.getType(),
          name: req.getName(),
          urn: res.getUrn(),
          parent: req.getParent(),
          custom: req.getCustom(),
          // The mock monitor always sets the request's object (the resource's inputs).
          inputs: revealSecrets(rpc.deserializeProperties(req.getObject()!, true)) as Record<string, unknown>,
          options: {
            deleteBeforeReplace: req.getDeletebeforereplace(),
            protect: req.getProtect() ?? false,
            retainOnDelete: req.getRetainondelete() ?? false,
            ignoreChanges: req.getIgnorechangesList(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            replaceOnChanges: req.getReplaceonchangesList(),
            aliases: req.getAliasesList().map((a) => a.toObject()),
            dependencies: req.getDependenciesList(),
            provider: req.getProvider(),
          },
        });
      }
      cb(err, res);
    });
  };

  // The SDK formats a stack trace for every promise and resource it makes (runtime/debuggable.js, Resource.callsites);
  // with tsx's source maps on, each frame costs a source-map lookup: about a tenth of a capture's CPU. Off while the
  // program runs: an error's stack is formatted when it is first read, after this, so a failure still names .ts lines.
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  let outputs: Record<string, unknown>;
  try {
    outputs = (await pulumi.runtime.runInPulumiStack(async () => await program())) ?? {};
    // runInPulumiStack returns before the stack's own output registration has drained; wait for it so that the next
    // capture in this process starts from an idle runtime. waitForRPCs is internal to the pinned SDK (not in .d.ts).
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
  // Children registered late (inside applies) are awaited by runInPulumiStack; sort for deterministic output.
  resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return { resources, outputs: revealSecrets(outputs) as Record<string, unknown> };
}

/** Loads a program module (e.g. the project's index.ts) fresh, so that it can run once per capture. */
export function programFromModule(modulePath: string): () => unknown {
  return () => {
    const resolved = require.resolve(modulePath);
    delete require.cache[resolved];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh load per capture needs require and its cache (import() caches for the process)
    return require(resolved) as unknown;
  };
}
