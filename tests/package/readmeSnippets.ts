/** The TypeScript snippets of the README, as a reader copies them: each ```ts block with the line it starts on. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "../harness/stackExamples";

export interface Snippet {
  /** 1-based line of the opening fence in README.md. */
  readonly line: number;
  readonly code: string;
}

export function readmeSnippets(file = path.join(ROOT, "README.md")): Snippet[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const snippets: Snippet[] = [];
  let open: { line: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    if (open === undefined && /^```(ts|typescript)\s*$/.test(text)) open = { line: i + 1, body: [] };
    else if (open !== undefined && /^```\s*$/.test(text)) {
      snippets.push({ line: open.line, code: `${open.body.join("\n")}\n` });
      open = undefined;
    } else open?.body.push(text);
  });
  return snippets;
}
