/**
 * The plan review's provider changes: the same change simulation the tests use (tests/harness/changeSimulation.ts:
 * this repository's program under Pulumi's mock runtime with the base, then the head configuration, every resource
 * classified with each provider's replace semantics, aliases followed as the engine does). One source of truth for
 * "what will change": the review and the lifecycle tests cannot disagree.
 */
import type { DeploymentSpec } from "../components/spec/schema";
import type { ProviderChange } from "../components/render/diff";
import { simulateChange } from "../tests/harness/changeSimulation";
import { tlsMocks } from "../tests/harness/tlsMocks";
import { owners } from "../tests/harness/owners";

/** Stand-ins for the stack secrets a spec names (a test stack's PFX): the simulation needs values, never the real ones. */
function secretStandIns(...specs: DeploymentSpec[]): Record<string, string> {
  const keys = specs.flatMap((s) => (s.reverseProxy.provider === "azure" ? [s.reverseProxy.pfxConfigKey, s.reverseProxy.pfxPasswordConfigKey] : []));
  return Object.fromEntries(keys.filter((k): k is string => k !== undefined).map((k) => [`lync:${k}`, "simulated"]));
}

/** Every provider resource the change from `base` to `head` creates, updates, replaces or deletes. */
export async function providerChanges(
  base: { input: unknown; spec: DeploymentSpec },
  head: { input: unknown; spec: DeploymentSpec },
): Promise<ProviderChange[]> {
  const sim = await simulateChange(base.input, head.input, { providers: [tlsMocks()], config: secretStandIns(base.spec, head.spec) });
  const ownerOf = new Map([...owners(sim.before.resources), ...owners(sim.after.resources)]);
  return sim.changes
    .filter((c) => c.kind !== "unchanged" && !c.type.startsWith("pulumi:"))
    .map((c) => ({
      kind: c.kind as ProviderChange["kind"],
      type: c.type,
      name: c.name,
      inputs: c.kind === "replace" ? c.replaceReasons : c.changedInputs,
      deleteFirst: c.kind === "replace" && c.deleteBeforeReplace,
      blockedByProtect: c.blockedByProtect,
      tenant: ownerOf.get(c.urn) ?? null,
    }));
}
