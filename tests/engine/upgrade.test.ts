// Upgrading: a stack deployed by release 0.4.0 of this package (its index.ts and components/, taken from git at the
// release commit) and then run with the current code: the real engine previews no replacement and no delete, and
// after the update the stack is stable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { labStack, stackConfig } from "../../lab/engine";
import { programFromModule } from "../harness/capture";
import { loadDeployment } from "../harness/stackExamples";
import { changing, engineOrSkip, previewSteps } from "./support";

const ROOT = path.join(__dirname, "..", "..");
/** The commit of release 0.4.0 (CHANGELOG / git tag v0.4.0). */
const RELEASE_0_4_0 = "8180b7b";

/** The program of an earlier release, unpacked from git beside this repository's node_modules. */
function releaseProgram(commit: string, t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lync-release-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const tar = execFileSync("git", ["archive", "--format=tar", commit, "index.ts", "components"], { cwd: ROOT, maxBuffer: 1 << 28 });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return path.join(dir, "index.ts");
}

test("upgrade from release 0.4.0 under the real engine: no replacement, no delete, then stable", async (t) => {
  const engine = await engineOrSkip(t);
  if (!engine) return;
  const spec = loadDeployment("Pulumi.contoso.example.yaml");
  const before = await labStack(engine, "upgrade", stackConfig(spec), programFromModule(releaseProgram(RELEASE_0_4_0, t)));
  await before.up();

  const after = await labStack(engine, "upgrade", stackConfig(spec));
  const steps = changing(await previewSteps(after));
  const destructive = steps.filter((s) => s.op !== "update" && s.op !== "create");
  assert.deepEqual(destructive, [], "0.4.0 -> now replaces or deletes nothing");
  await after.up();
  assert.deepEqual(changing(await previewSteps(after)), [], "the upgraded stack is stable");
});
