// Files a stack config names (lync:estate) are read only from inside the project directory, by the review
// (tools/stackFiles.ts) and by the program (index.ts) alike, and no error echoes a file's content (issue 22: a pull
// request could make the review read .git/config or /etc/passwd and print its first lines into the CI log).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DeploymentValidationError, readProjectFile } from "../../components";
import { readStackInput } from "../../tools/stackFiles";
import { ROOT } from "../harness/stackExamples";
import { runProgram } from "../harness/runProgram";

const SECRET = "SECRET-LINE-0123456789";
let dir: string;
let project: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "lync-files-"));
  project = join(dir, "project");
  mkdirSync(join(project, ".git"), { recursive: true });
  writeFileSync(join(project, ".git", "config"), `[core]\n\t${SECRET} = true\n`);
  writeFileSync(join(dir, "outside.yaml"), `${SECRET}: [unclosed\n`);
  writeFileSync(join(project, "Pulumi.yaml"), "name: lync\nruntime: nodejs\n");
  copyFileSync(join(ROOT, "estate.example.yaml"), join(project, "estate.yaml"));
  symlinkSync(join(dir, "outside.yaml"), join(project, "link.yaml"));
  writeFileSync(join(project, "broken.yaml"), `zones:\n  - ${SECRET}: [unclosed\n`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function stack(estate: string): string {
  const file = join(project, `Pulumi.s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `config:\n  lync:estate: ${JSON.stringify(estate)}\n  lync:shard: infra\n`);
  return file;
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DeploymentValidationError, String(e));
    assert.equal(e.problems.length, 1);
    assert.doesNotMatch(e.message, new RegExp(SECRET), "no file content in the error");
    return `[${e.problems[0].rule}] ${e.problems[0].message}`;
  }
  assert.fail("expected a refusal");
}

for (const [what, name, why] of [
  ["a file in .git", ".git/config", /a hidden file or directory/],
  ["a path with ..", "../../etc/passwd", /climbs out with '\.\.'/],
  ["an absolute path", "/etc/passwd", /an absolute path/],
  ["a symbolic link out of the project", "link.yaml", /a symbolic link that leads out of the project/],
  ["a file that is no spec", "Pulumi.yaml.bak", /not a \.yaml, \.yml or \.json file/],
] as const) {
  test(`lync:estate naming ${what} is refused by the review and by the program`, () => {
    assert.match(
      refusal(() => readStackInput(stack(name))),
      new RegExp(`^\\[PATH\\] lync:estate names .*${why.source}`),
    );
    assert.match(
      refusal(() => readProjectFile(project, name, "lync:estate")),
      /^\[PATH\]/,
    );
  });
}

test("an estate inside the project is read", () => {
  const input = readStackInput(stack("estate.yaml"));
  assert.equal(input.shard, "infra");
  assert.equal((input.input as { infrastructureDomain: string }).infrastructureDomain, "contoso.com");
});

test("a YAML error says where and why, not what the file says there", () => {
  assert.match(
    refusal(() => readStackInput(stack("broken.yaml"))),
    /^\[PARSE\] .*broken\.yaml is not valid YAML or JSON: [A-Z_]+ at line \d+, column \d+$/,
  );
});

test("npm run plan on a stack naming ../../etc/passwd: exit 2, the refusal, nothing of the file", () => {
  const r = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(require.resolve("tsx")).href, join(ROOT, "tools/plan.ts"), "--config", stack("../../etc/passwd")],
    {
      encoding: "utf8",
    },
  );
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /\[PATH\] lync:estate names "\.\.\/\.\.\/etc\/passwd", a path that climbs out/);
  assert.doesNotMatch(r.stderr, /root:/);
  assert.equal(r.stdout, "");
});

test("the program refuses lync:estate naming ../../etc/passwd before it registers anything", () => {
  const r = runProgram({ "lync:estate": "../../etc/passwd", "lync:shard": "infra" });
  assert.match(r.stderr, /\[PATH\] lync:estate names "\.\.\/\.\.\/etc\/passwd", a path that climbs out/);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /root:|no error/);
});
