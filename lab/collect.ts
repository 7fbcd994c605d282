/**
 * Capture for the lab: runs the project's Pulumi program (index.ts) under the mock runtime with a deployment spec as
 * stack config (`lync:deployment`) and the tls mocks, and returns every registered resource with the outputs its
 * mock answered (the CSR PEMs live there, not in the inputs).
 */
import * as path from "node:path";
import { capture, programFromModule, type MockProvider } from "../tests/harness/capture";
import { tlsMocks } from "../tests/harness/tlsMocks";
import type { LabResource } from "../tests/harness/resources";
import { CONFIG_KEY } from "../components/spec/load";
import { settle } from "./settle";

/**
 * Runs the program (default: this repository's index.ts) with `deployment` as `lync:deployment` and `secrets` as further
 * stack config (`lync:<key>`, e.g. a test stack's PFX), and returns every resource with its mock outputs.
 */
export async function collectResources(
  deployment: unknown,
  programPath = path.join(__dirname, "..", "index.ts"),
  secrets: Readonly<Record<string, string>> = {},
): Promise<LabResource[]> {
  const outputs = new Map<string, Record<string, unknown>>();
  const inner = tlsMocks();
  // Not async: for a type it does not handle, a MockProvider answers a plain undefined (capture tries the next one).
  const recording: MockProvider = (args) => {
    const answer = inner(args);
    if (!answer) return undefined;
    return Promise.resolve(answer).then(async (result) => {
      if (result) outputs.set(`${args.type}::${args.name}`, (await settle(result.state)) as Record<string, unknown>);
      return result;
    });
  };
  const config = { ...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`lync:${k}`, v])), [CONFIG_KEY]: deployment };
  const { resources } = await capture(programFromModule(programPath), { config, providers: [recording] });
  return resources.map((r) => ({ ...r, outputs: outputs.get(`${r.type}::${r.name}`) }));
}
