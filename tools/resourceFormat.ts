/**
 * The format of tools/resourceExport.ts's JSON, which a head reads from its base's export (tools/baseSide.ts): apart
 * from both, so that reading it needs none of the export's imports.
 */
import type { CapturedResource } from "../tests/harness/capture";
import type { StateEntry } from "../tests/harness/mockState";

/** The format's name: a reader refuses any other (tools/baseSide.ts). */
export const RESOURCE_EXPORT_FORMAT = "lync-stack-resources/1";

export interface StackExport {
  readonly resources: readonly CapturedResource[];
  readonly state: readonly StateEntry[];
}

export interface ResourceExport {
  readonly format: typeof RESOURCE_EXPORT_FORMAT;
  /** Stack name -> what it registers. */
  readonly stacks: Readonly<Record<string, StackExport>>;
}
