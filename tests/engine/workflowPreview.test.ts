// The preview job's commands (preview.yml) against the lab with the real engine: `npm run stacks` names the affected
// stacks of a change, each stack is previewed (the pinned CLI, the lab providers; an Automation API inline program, as
// the lab runs every program), the outputs go to files and become the comment. For a code-only change (the online
// federation SRV target in components/) and for a stack-file change (a tenant added), the stacks npm run stacks names
// are exactly those whose engine preview changes something. Two stacks, each in a lab of its own (the lab's Azure
// refuses a record that already exists, as Azure does): `contoso` (with an online tenant) and `noonline` (without).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import type { Stack } from "@pulumi/pulumi/automation";
import { labEngine, labStack, setStackConfig, stackConfig, type LabEngine } from "../../lab/engine";
import { extractDeployment } from "../../components/spec/load";
import { programFromModule } from "../harness/capture";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";
import { ROOT } from "../harness/stackExamples";
import { composeComment } from "../../tools/previewComment";
import { engineOrSkip } from "./support";

const CODE = ["components", "tools", "tests/harness", "index.ts", "package.json", "package-lock.json", "tsconfig.json", "Pulumi.yaml"];
const CONTOSO = readFileSync(join(ROOT, "Pulumi.contoso.example.yaml"), "utf8");
const ONLINE_ZONE = "      - { provider: azure, name: adatum.com, resourceGroup: rg-dns }\n";
const ONLINE_TENANT = "      - { name: adatum.com, home: online }\n";
const NO_ONLINE = CONTOSO.replace(ONLINE_ZONE, "").replace(ONLINE_TENANT, "");
const RULES = "components/plan/rules/dns.ts";

/** `npm run stacks -- --base-ref HEAD` in the scratch repository: the affected stacks. */
function affectedStacks(repo: string): string[] {
  const r = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(require.resolve("tsx")).href, join(repo, "tools/stacks.ts"), "--base-ref", "HEAD"],
    {
      cwd: repo,
      encoding: "utf8",
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { include: Array<{ stack: string }> }).include.map((s) => s.stack);
}

/** The engine's preview of each stack with its stack file's config and `program`, as the job writes it: text and exit code. */
async function previews(
  stacks: Record<string, Stack>,
  repo: string,
  program: () => unknown,
): Promise<Map<string, { output: string; exit: number; changes: number }>> {
  const out = new Map<string, { output: string; exit: number; changes: number }>();
  for (const [name, stack] of Object.entries(stacks)) {
    await setStackConfig(stack, stackConfig(extractDeployment(parse(readFileSync(join(repo, `Pulumi.${name}.yaml`), "utf8")))));
    stack.workspace.program = async () => (await program()) as Record<string, unknown>;
    const r = await stack.preview({ diff: true });
    const changes = Object.entries(r.changeSummary).reduce((n, [op, count]) => (op === "same" ? n : n + (count ?? 0)), 0);
    out.set(name, { output: r.stdout, exit: 0, changes });
  }
  return out;
}

test("the preview job against the lab: a code-only change and a stack-file change preview exactly the stacks npm run stacks names", async (t) => {
  const first = await engineOrSkip(t);
  if (!first) return;
  const dir = mkdtempSync(join(tmpdir(), "lync-workflow-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, "repo");
  mkdirSync(repo);
  for (const path of CODE) cpSync(join(ROOT, path), join(repo, path), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(repo, "node_modules"), "dir");
  writeFileSync(join(repo, ".gitignore"), "node_modules\n");
  writeFileSync(join(repo, "Pulumi.contoso.yaml"), CONTOSO);
  writeFileSync(join(repo, "Pulumi.noonline.yaml"), NO_ONLINE);
  const git = (...args: string[]) =>
    assert.equal(spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: repo }).status, 0);
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "main");

  // main deployed: each stack up with the base's code (this checkout's index.ts: the scratch copy is identical).
  const engines: Record<string, LabEngine> = { contoso: first, noonline: labEngine(first.cli, join(dir, "lab-noonline")) };
  const base = programFromModule(PROJECT_PROGRAM);
  const stacks: Record<string, Stack> = {};
  for (const name of ["contoso", "noonline"]) {
    const config = stackConfig(extractDeployment(parse(readFileSync(join(repo, `Pulumi.${name}.yaml`), "utf8"))));
    stacks[name] = await labStack(engines[name], name, config, base);
    await stacks[name].up();
  }

  // A code-only change: the online federation SRV target. The scratch copy's code is loaded only now, changed.
  const rules = readFileSync(join(repo, RULES), "utf8");
  writeFileSync(join(repo, RULES), rules.replace('sipfed: "sipfed.online.lync.com"', 'sipfed: "sipfed.online.example.net"'));
  assert.deepEqual(affectedStacks(repo), ["contoso"]);
  const code = await previews(stacks, repo, programFromModule(join(repo, "index.ts")));
  assert.deepEqual(
    [...code].filter(([, p]) => p.changes > 0).map(([s]) => s),
    ["contoso"],
  );
  assert.match(code.get("contoso")!.output, /~ 1 to update/);

  // A stack-file change (a tenant for noonline), with main's code again.
  writeFileSync(join(repo, RULES), rules);
  writeFileSync(
    join(repo, "Pulumi.noonline.yaml"),
    NO_ONLINE.replace("      - { name: litwareinc.com }\n", "      - { name: litwareinc.com }\n      - { name: tailspin.litwareinc.com }\n"),
  );
  assert.deepEqual(affectedStacks(repo), ["noonline"]);
  const config = await previews(stacks, repo, base);
  assert.deepEqual(
    [...config].filter(([, p]) => p.changes > 0).map(([s]) => s),
    ["noonline"],
  );

  // The comment the report job makes of the previews of the affected stack.
  const body = composeComment({
    review: "Stacks this change affects: `noonline`\n",
    reviewResult: "success",
    stacks: ["noonline"],
    previews: new Map([["noonline", { output: config.get("noonline")!.output, exit: 0 }]]),
    runUrl: "https://github.com/hoster/lync/actions/runs/1",
  });
  assert.match(body, /^\| `noonline` \| passed \| \+ \d+ to create, ~ \d+ to update, \+-\d+ to replace, \d+ changes\. \d+ unchanged \|$/m);
});
