/**
 * The mock providers' state (changeSimulation.ts MockState) as JSON and back, so that a run in another process can
 * continue where one ended, as the engine continues from a stack's state: the base side of a review runs in a worktree
 * of the base with its own code (tools/baseSide.ts), the head side then gets the base's keys and certificates for
 * every resource whose inputs did not change. Without it, each side would make its own key material and every CSR
 * would look replaced.
 *
 * Mock outputs hold secrets as Outputs (pulumi.secret); JSON holds them as `{ "lync:secret": value }`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import type { MockState } from "./changeSimulation";

const SECRET = "lync:secret";

export type StateEntry = readonly [key: string, inputs: string, result: unknown];

/** An Output's value and secretness; `promise()` is internal to the pinned SDK (as in capture.ts), not in its .d.ts. */
async function settle(output: pulumi.Output<unknown>): Promise<{ value: unknown; secret: boolean }> {
  const internal = output as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
  return { value: await internal.promise(), secret: await internal.isSecret };
}

async function toJson(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const { value: inner, secret } = await settle(value);
    const plain = await toJson(inner);
    return secret ? { [SECRET]: plain } : plain;
  }
  if (Array.isArray(value)) return Promise.all(value.map(toJson));
  if (value && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await toJson(v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

function fromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Object.keys(v).length === 1 && SECRET in v) return pulumi.secret(fromJson(v[SECRET]));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
  }
  return value;
}

export async function exportState(state: MockState): Promise<StateEntry[]> {
  const entries: StateEntry[] = [];
  for (const [key, { inputs, result }] of state) entries.push([key, inputs, await toJson(result)]);
  return entries;
}

export function importState(entries: readonly StateEntry[]): MockState {
  return new Map(entries.map(([key, inputs, result]) => [key, { inputs, result: fromJson(result) as MockResourceResult }]));
}
