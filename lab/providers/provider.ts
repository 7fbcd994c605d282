/**
 * The frame of a lab provider plugin: a Pulumi resource provider (the Node SDK's provider server, the same gRPC
 * protocol as the real plugins) whose resources live in the lab's cloud (cloud.ts). Each provider lists its resource
 * types with what is particular to them (how an object is named, what it computes, what a cloud would refuse); the
 * frame does the rest the same way for all of them:
 * - Diff compares the old state with the new inputs property by property, secrets unwrapped (a change of secretness
 *   alone is no change, as in the real providers), and answers a replacement where the change touches a property in
 *   the type's replace list (tests/harness/replaceSemantics.ts, each entry with its source; docs/provider-notes.md).
 *   A value still unknown at preview counts as changed, as Terraform-bridged providers plan it.
 * - Create materializes the object in the cloud (refused when the type says the cloud already holds it), Update
 *   rewrites it under its id, Delete removes it, Read answers what the cloud holds.
 * - Outputs are the inputs plus what the type computes, as bridged providers answer; the engine marks an output
 *   secret where the input of that name was, and the SDKs' additionalSecretOutputs do the rest.
 */
import * as provider from "@pulumi/pulumi/provider";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { replaceSemanticsOf, type ReplaceSemantics } from "../../tests/harness/replaceSemantics";
import { unwrapSecrets } from "../../tests/harness/secretValues";
import { cloudDir, readObject, removeObject, writeObject, type CloudObject } from "./cloud";

export type Props = Record<string, unknown>;

/** A new object: its id in the cloud and the outputs the provider computes. */
export interface Created {
  readonly id: string;
  readonly computed: Props;
}

/** What is particular to one resource type of a lab provider. */
export interface LabType {
  /** Output properties the provider computes (not inputs): left out when old inputs are read back from state. */
  readonly computed: readonly string[];
  /** The provider's defaults for inputs left out, applied in Check as the real provider's schema does. */
  defaults?(inputs: Props): Props;
  /** Creates the object from plain inputs: its id and computed outputs. */
  create(inputs: Props, urn: string, dir: string): Promise<Created> | Created;
  /** Recomputes outputs for an in-place update (default: the old computed outputs are kept). */
  update?(id: string, inputs: Props, old: CloudObject, dir: string): Promise<Props> | Props;
  /** A cloud's refusal before anything is written (a name taken, a conflicting record), or undefined. */
  refuse?(inputs: Props, urn: string, dir: string, id?: string): string | undefined;
}

const UNKNOWN = rpc.unknownValue;

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Structural equality of plain JSON values (key order ignored). */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Props)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Props)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal((a as Props)[k], (b as Props)[k]));
  }
  return false;
}

/** The type token of a URN (`urn:pulumi:stack::project::parent$type::name`). */
export function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** The top-level input properties whose values differ between the old state and the new inputs. */
export function changedInputs(type: LabType, semantics: ReplaceSemantics, olds: Props, news: Props): string[] {
  const written = new Set(semantics.writeOnly ?? []);
  const computed = new Set(type.computed);
  const oldInputs = Object.keys(olds).filter((k) => !computed.has(k));
  const keys = [...new Set([...oldInputs, ...Object.keys(news)])].filter((k) => !written.has(k)).sort();
  return keys.filter((k) => containsUnknown(news[k]) || !equal(unwrapSecrets(olds[k]), unwrapSecrets(news[k])));
}

/** A provider for the engine from a table of lab types. */
export function labProvider(version: string, types: Readonly<Record<string, LabType>>): provider.Provider {
  const typeOf = (urn: string): [LabType, ReplaceSemantics] => {
    const token = urnType(urn);
    const type = types[token];
    const semantics = replaceSemanticsOf(token);
    if (!type || !semantics) throw new Error(`the lab provider does not implement ${token} (${urn})`);
    return [type, semantics];
  };
  const store = (urn: string, id: string, inputs: Props, computed: Props) => {
    // Write-only inputs reach the cloud but never the state (the provider contract of `...Wo` properties).
    const writeOnly = new Set(replaceSemanticsOf(urnType(urn))?.writeOnly ?? []);
    const state = Object.fromEntries(Object.entries(inputs).filter(([k]) => !writeOnly.has(k)));
    const object: CloudObject = { type: urnType(urn), urn, id, inputs, outputs: { ...state, ...computed } };
    writeObject(cloudDir(), object);
    return object.outputs;
  };
  return {
    version,
    check(urn, _olds, news: Props) {
      const [type] = typeOf(urn);
      return Promise.resolve({ inputs: type.defaults ? { ...type.defaults(news), ...news } : news });
    },
    diff(_id, urn, olds: Props, news: Props) {
      const [type, semantics] = typeOf(urn);
      const changed = changedInputs(type, semantics, olds, news);
      const replaces = changed.filter((k) => semantics.replaceOn.includes(k));
      return Promise.resolve({ changes: changed.length > 0, replaces, deleteBeforeReplace: false });
    },
    async create(urn, inputs) {
      const [type] = typeOf(urn);
      const values = unwrapSecrets(inputs) as Props;
      const dir = cloudDir();
      const refusal = type.refuse?.(values, urn, dir);
      if (refusal) throw new Error(refusal);
      const { id, computed } = await type.create(values, urn, dir);
      if (readObject(dir, id)) throw new Error(`${urnType(urn)} ${id} already exists in the lab's cloud (import it, or remove the other owner)`);
      return { id, outs: store(urn, id, values, computed) };
    },
    read(id, _urn, props?: Props) {
      const object = readObject(cloudDir(), id);
      // Gone from the cloud: an empty id tells the engine the resource no longer exists.
      return Promise.resolve(object ? { id, props: object.outputs, inputs: object.inputs } : { id: "", props: props ?? {} });
    },
    async update(id, urn, _olds, news) {
      const [type] = typeOf(urn);
      const values = unwrapSecrets(news) as Props;
      const dir = cloudDir();
      const refusal = type.refuse?.(values, urn, dir, id);
      if (refusal) throw new Error(refusal);
      const old = readObject(dir, id);
      if (!old) throw new Error(`${urnType(urn)} ${id} is not in the lab's cloud (deleted outside Pulumi? run pulumi refresh)`);
      const keep = Object.fromEntries(type.computed.map((k) => [k, old.outputs[k]]));
      const computed = type.update ? await type.update(id, values, old, dir) : keep;
      return { outs: store(urn, id, values, computed) };
    },
    delete(id) {
      removeObject(cloudDir(), id);
      return Promise.resolve();
    },
  };
}

/** Serves a lab provider to the engine (the plugin's entry point; the engine passes its address as the argument). */
export function serve(version: string, types: Readonly<Record<string, LabType>>): void {
  void provider.main(labProvider(version, types), process.argv.slice(2));
}
