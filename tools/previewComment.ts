/**
 * `tsx tools/previewComment.ts --dir ARTIFACTS --matrix JSON --review-result RESULT --run-url URL --out FILE.md`: the
 * pull request's one comment (preview.yml, job `report`) from the plan review and every stack's `pulumi preview`, of
 * any size. A comment holds at most 65,536 characters, and one preview of a large estate is more than that: so every
 * stack gets a summary line in a table first (its resource counts, or that its preview failed or never reported), then
 * each output in a code block cut to a fair share of what is left, the cut said in a visible notice that names the
 * artifact holding the whole output. Colour codes are stripped; the outputs are read from files, never from
 * environment variables (those end at about 128 KiB: "Argument list too long").
 *
 * ARTIFACTS is what actions/download-artifact wrote: `plan-review/plan-review.md`, and per stack `preview-<stack>/`
 * with `<stack>.txt` (the CLI's output) and `<stack>.exit` (its exit code).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { InputError, runMain } from "./exit";

const USAGE = "usage: tsx tools/previewComment.ts --dir ARTIFACTS --matrix JSON --review-result RESULT --run-url URL --out FILE.md";

/** The comment's first line: the workflow updates the comment that starts with it (and that it wrote itself). */
export const COMMENT_MARKER = "<!-- lync-plan-review -->";
/** GitHub refuses a comment body over 65,536 characters; the rest is headroom. */
export const COMMENT_LIMIT = 65_000;

export interface StackPreview {
  /** The CLI's output (stdout and stderr), absent where the preview job ended before writing it. */
  readonly output?: string;
  /** The CLI's exit code, absent where the job ended before writing it. */
  readonly exit?: number;
}

export interface CommentInput {
  /** The plan review (Markdown), absent where the review job wrote none. */
  readonly review?: string;
  /** The review job's result: success, failure (an invalid spec, a tripped gate), cancelled, skipped. */
  readonly reviewResult: string;
  /** Every stack the review found affected, in order. */
  readonly stacks: readonly string[];
  readonly previews: ReadonlyMap<string, StackPreview>;
  /** The workflow run, whose artifacts hold every output whole. */
  readonly runUrl: string;
  readonly limit?: number;
}

/** CSI (colours, cursor) and OSC (hyperlinks, titles) escape sequences. */
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** The counts of the CLI's `Resources:` block on one line ("+ 2 to create, ~ 1 to update, 40 unchanged"). */
export function resourceSummary(output: string): string | undefined {
  const lines = output.split("\n");
  const at = lines.findIndex((l) => /^Resources:\s*$/.test(l));
  if (at < 0) return undefined;
  const block: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!/^\s+\S/.test(line)) break;
    block.push(line.trim().replace(/\s+/g, " "));
  }
  return block.length === 0 ? undefined : block.join(", ");
}

/** The first line that says what went wrong, for a failed preview's summary. */
function firstError(output: string): string {
  return (
    output
      .split("\n")
      .find((l) => /\berror\b/i.test(l))
      ?.trim()
      .slice(0, 200) ?? "no error line in the output"
  );
}

/** A table cell: no pipe or line break of the text may end it. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

interface Section {
  readonly title: string;
  readonly text: string;
  /** Markdown (the plan review) or a code block (a preview). */
  readonly code: boolean;
  readonly artifact: string;
}

/** Room for a section's heading, fences and notice, besides its text. */
const SECTION_OVERHEAD = 400;

/** The section's text cut at a line boundary to `room` characters, with a notice where anything was cut. */
function renderSection(s: Section, room: number, runUrl: string): string {
  const lines = s.text.split("\n");
  let kept = 0;
  let used = 0;
  for (const line of lines) {
    const next = used + (kept === 0 ? 0 : 1) + line.length; // the line break before it, after the first
    if (next > room) break;
    used = next;
    kept += 1;
  }
  const body = lines.slice(0, kept).join("\n");
  const cut =
    kept < lines.length
      ? `\n\n> **Cut:** ${kept.toLocaleString("en-US")} of ${lines.length.toLocaleString("en-US")} lines shown ` +
        `(${s.text.length.toLocaleString("en-US")} characters in all). The whole output: artifact \`${s.artifact}\` of ` +
        `[this run](${runUrl}#artifacts).`
      : "";
  const block = s.code ? `${fence(body)}\n${body}\n${fence(body)}` : body;
  return `### ${s.title}\n\n${block}${cut}\n`;
}

/**
 * Water-filling: each section gets what it needs up to an equal share of what is left, smaller ones first, so a huge
 * preview cannot crowd out the others.
 */
function shares(sizes: readonly number[], budget: number): number[] {
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  const out = new Array<number>(sizes.length).fill(0);
  let left = Math.max(0, budget);
  order.forEach(({ size, i }, n) => {
    const share = Math.floor(left / (order.length - n));
    out[i] = Math.min(size, share);
    left -= out[i];
  });
  return out;
}

function statusOf(p: StackPreview | undefined): { passed: boolean; text: string; summary: string } {
  const output = p?.output === undefined ? undefined : stripAnsi(p.output);
  if (output === undefined || p?.exit === undefined)
    return { passed: false, text: "**no result**", summary: "the preview job ended before writing its output (see the run)" };
  if (p.exit !== 0) return { passed: false, text: `**failed** (exit ${p.exit})`, summary: firstError(output) };
  return { passed: true, text: "passed", summary: resourceSummary(output) ?? "no resource summary in the output" };
}

export function composeComment(input: CommentInput): string {
  const limit = input.limit ?? COMMENT_LIMIT;
  const statuses = input.stacks.map((stack) => ({ stack, ...statusOf(input.previews.get(stack)) }));
  const failed = statuses.filter((s) => !s.passed).length;
  const reviewLine =
    input.reviewResult === "success"
      ? "**Plan review:** passed."
      : `**Plan review:** ${input.reviewResult === "failure" ? "**failed**" : input.reviewResult} (an invalid spec or a tripped safety gate: see below and [the run](${input.runUrl})).`;
  const head = [
    COMMENT_MARKER,
    "## Plan review and previews",
    "",
    reviewLine,
    input.stacks.length === 0
      ? "**Previews:** no stack is affected."
      : `**Previews:** ${input.stacks.length} stack(s), ${input.stacks.length - failed} passed, ${failed} failed or missing.`,
    "",
    ...(input.stacks.length === 0
      ? []
      : [
          "| stack | preview | resources |",
          "| --- | --- | --- |",
          ...statuses.map((s) => `| \`${s.stack}\` | ${s.text} | ${cell(s.summary)} |`),
          "",
        ]),
  ].join("\n");
  const sections: Section[] = [
    {
      title: "Plan review",
      text: (input.review ?? `No plan review was written: see [the run](${input.runUrl}).`).trimEnd(),
      code: false,
      artifact: "plan-review",
    },
    ...input.stacks.flatMap((stack) => {
      const output = input.previews.get(stack)?.output;
      return output === undefined
        ? []
        : [{ title: `\`pulumi preview\` of \`${stack}\``, text: stripAnsi(output).trimEnd(), code: true, artifact: `preview-${stack}` }];
    }),
  ];
  const budget = limit - head.length - sections.length * SECTION_OVERHEAD;
  const rooms = shares(
    sections.map((s) => s.text.length),
    budget,
  );
  const body = [head, ...sections.map((s, i) => renderSection(s, rooms[i], input.runUrl))].join("\n");
  // The shares keep within the limit; this only guards the arithmetic.
  if (body.length > limit) throw new Error(`the comment is ${body.length} characters, more than ${limit}`);
  return body;
}

/** The artifacts as actions/download-artifact wrote them. */
export function readArtifacts(dir: string, stacks: readonly string[]): { review?: string; previews: Map<string, StackPreview> } {
  const read = (...path: string[]) => (existsSync(join(dir, ...path)) ? readFileSync(join(dir, ...path), "utf8") : undefined);
  const previews = new Map<string, StackPreview>();
  for (const stack of stacks) {
    const output = read(`preview-${stack}`, `${stack}.txt`);
    const exit = read(`preview-${stack}`, `${stack}.exit`);
    previews.set(stack, {
      ...(output === undefined ? {} : { output }),
      ...(exit === undefined || !/^\d+\s*$/.test(exit) ? {} : { exit: Number(exit) }),
    });
  }
  const review = read("plan-review", "plan-review.md");
  return { ...(review === undefined ? {} : { review }), previews };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      dir: { type: "string" },
      matrix: { type: "string" },
      "review-result": { type: "string" },
      "run-url": { type: "string" },
      out: { type: "string" },
    },
  });
  const { dir, out } = values;
  if (!dir || !out || !values["run-url"] || !values["review-result"])
    throw new InputError("--dir, --review-result, --run-url and --out are required");
  // No matrix: the review failed before it wrote one (its output is then empty).
  let stacks: string[] = [];
  if (values.matrix) {
    try {
      stacks = (JSON.parse(values.matrix) as { include: Array<{ stack: string }> }).include.map((s) => s.stack);
    } catch {
      throw new InputError(`--matrix is not the stacks matrix: ${values.matrix.slice(0, 80)}`);
    }
  }
  const { review, previews } = readArtifacts(dir, stacks);
  writeFileSync(
    out,
    composeComment({
      ...(review === undefined ? {} : { review }),
      reviewResult: values["review-result"],
      stacks,
      previews,
      runUrl: values["run-url"],
    }),
  );
}

if (require.main === module) runMain("previewComment", main, USAGE);
