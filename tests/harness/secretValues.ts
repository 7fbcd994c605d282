/**
 * Secrets as the mock monitor and the engine's gRPC hand them over (`{ [sig]: secret, value }`), unwrapped: a provider,
 * a real one or a stand-in, works on plain values. Only the rpc module of the SDK, so that the lab's provider plugins
 * start without the SDK's index.
 */
import * as rpc from "@pulumi/pulumi/runtime/rpc";

/** The value with every secret wrapper replaced by what it wraps, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (v[rpc.specialSigKey] === rpc.specialSecretSig) return unwrapSecrets(v.value);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return value;
}
