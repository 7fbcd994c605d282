// The pull request's comment (tools/previewComment.ts, preview.yml job `report`) from previews of any size: a 1 MB
// preview, a failed one and one that never reported, read from files as actions/download-artifact writes them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { COMMENT_LIMIT, COMMENT_MARKER, composeComment, resourceSummary, stripAnsi } from "../../tools/previewComment";
import { ROOT } from "../harness/stackExamples";

const RUN = "https://github.com/hoster/lync/actions/runs/42";
const SUMMARY = "Resources:\n    + 2 to create\n    ~ 1 to update\n    3 changes. 40 unchanged\n\nDuration: 12s\n";

/** A preview as the CLI prints it with colours on: one updated record per line, then the summary. */
function preview(lines: number): string {
  const body = Array.from(
    { length: lines },
    (_, i) => `    \x1b[33m~ azure-native:dns:RecordSet\x1b[0m lync-t${i}.example/sip/A \x1b[1mupdate\x1b[0m [diff: ~ttl]`,
  );
  return `Previewing update (prod-edge-eu)\n\n${body.join("\n")}\n${SUMMARY}`;
}

test("a 1 MB preview: every stack's summary, the cut said with a link to the artifact, no colour codes, within the limit", () => {
  const big = preview(12_000);
  assert.ok(big.length > 1_000_000, `${big.length}`);
  const previews = new Map([
    ["prod-edge-eu", { output: big, exit: 0 }],
    ["prod-edge-us", { output: `Previewing update (prod-edge-us)\n\n${SUMMARY}`, exit: 0 }],
    ["prod-infra", { output: "Previewing update (prod-infra)\n\x1b[31merror:\x1b[0m failed to decrypt config: bad passphrase\n", exit: 255 }],
  ]);
  const body = composeComment({
    review: "Stacks this change affects: `prod-edge-eu`\n\n# estate.yaml\n\nreview text\n",
    reviewResult: "success",
    stacks: ["prod-edge-eu", "prod-edge-us", "prod-infra", "prod-edge-ap"],
    previews,
    runUrl: RUN,
  });
  assert.ok(body.length <= COMMENT_LIMIT, `${body.length} characters`);
  assert.ok(body.startsWith(`${COMMENT_MARKER}\n`));
  assert.doesNotMatch(body, /\x1b/);
  assert.match(body, /^\*\*Previews:\*\* 4 stack\(s\), 2 passed, 2 failed or missing\.$/m);
  assert.match(body, /^\| `prod-edge-eu` \| passed \| \+ 2 to create, ~ 1 to update, 3 changes\. 40 unchanged \|$/m);
  assert.match(body, /^\| `prod-edge-us` \| passed \| \+ 2 to create/m);
  assert.match(body, /^\| `prod-infra` \| \*\*failed\*\* \(exit 255\) \| error: failed to decrypt config: bad passphrase \|$/m);
  assert.match(body, /^\| `prod-edge-ap` \| \*\*no result\*\* \|/m);
  // The big one is cut, visibly, with where to find it whole; the small ones and the review are whole.
  assert.match(
    body,
    /> \*\*Cut:\*\* [\d,]+ of 12,008 lines shown \([\d,]+ characters in all\)\. The whole output: artifact `preview-prod-edge-eu` of \[this run\]\(https:\/\/github\.com\/hoster\/lync\/actions\/runs\/42#artifacts\)\./,
  );
  assert.equal(body.match(/\*\*Cut:\*\*/g)?.length, 1);
  assert.match(body, /### `pulumi preview` of `prod-infra`\n\n```\nPreviewing update \(prod-infra\)\nerror: failed to decrypt config/);
  assert.match(body, /review text/);
  // Every code block is closed: the fences pair up.
  assert.equal((body.match(/^```$/gm)?.length ?? 0) % 2, 0);
  // The cut one still shows most of the room it had, not a token line or two.
  assert.ok(body.length > COMMENT_LIMIT - 5_000, `${body.length}`);
});

test("a preview with backticks cannot close its code block; a review that fails says so", () => {
  const body = composeComment({
    reviewResult: "failure",
    stacks: ["s"],
    previews: new Map([["s", { output: "```\n# not a heading\n" + SUMMARY, exit: 0 }]]),
    runUrl: RUN,
  });
  assert.match(body, /^\*\*Plan review:\*\* \*\*failed\*\*/m);
  assert.match(body, /No plan review was written/);
  assert.match(body, /\n````\n```\n# not a heading\n/);
});

test("the CLI reads the artifacts from files: a 1 MB output never passes through an environment variable", () => {
  const dir = mkdtempSync(join(tmpdir(), "lync-comment-"));
  try {
    mkdirSync(join(dir, "artifacts", "preview-big"), { recursive: true });
    mkdirSync(join(dir, "artifacts", "plan-review"), { recursive: true });
    writeFileSync(join(dir, "artifacts", "preview-big", "big.txt"), preview(12_000));
    writeFileSync(join(dir, "artifacts", "preview-big", "big.exit"), "0\n");
    writeFileSync(join(dir, "artifacts", "plan-review", "plan-review.md"), "Stacks this change affects: `big`\n");
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        pathToFileURL(require.resolve("tsx")).href,
        join(ROOT, "tools/previewComment.ts"),
        "--dir",
        join(dir, "artifacts"),
        "--matrix",
        '{"include":[{"stack":"big","config":"Pulumi.big.yaml","shard":null},{"stack":"gone","config":"Pulumi.gone.yaml","shard":null}]}',
        "--review-result",
        "success",
        "--run-url",
        RUN,
        "--out",
        join(dir, "comment.md"),
      ],
      { encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    const body = readFileSync(join(dir, "comment.md"), "utf8");
    assert.ok(body.length <= COMMENT_LIMIT);
    assert.match(body, /^\| `big` \| passed \| \+ 2 to create/m);
    assert.match(body, /^\| `gone` \| \*\*no result\*\* \|/m);
    assert.match(body, /artifact `preview-big`/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("summary and colour helpers", () => {
  assert.equal(resourceSummary(SUMMARY), "+ 2 to create, ~ 1 to update, 3 changes. 40 unchanged");
  assert.equal(resourceSummary("no summary here\n"), undefined);
  assert.equal(stripAnsi("\x1b[1;32m+ create\x1b[0m \x1b]8;;https://x\x07link\x1b]8;;\x07"), "+ create link");
});
