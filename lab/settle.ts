/** Resolves Outputs inside a value (e.g. pulumi.secret values a tls stand-in put into its state) to plain values. */
// The output module, not the SDK's index: the lab's tls plugin loads this at every start.
import { Output } from "@pulumi/pulumi/output";

export async function settle(value: unknown): Promise<unknown> {
  if (Output.isInstance(value)) return settle(await (value as unknown as { promise(): Promise<unknown> }).promise());
  if (Array.isArray(value)) return Promise.all(value.map(settle));
  if (value && typeof value === "object") {
    return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await settle(v)])));
  }
  return value;
}
