/**
 * YAML (and JSON, which is YAML) text to a value, safe for text from a pull request: the size is checked before
 * parsing, the nesting before the parser recurses into it (yaml's composer is recursive: 20,000 brackets take it a
 * second to overflow its stack), and an error says where and why, never what the text says there (a parse error of
 * `.git/config` or `/etc/passwd` must not print its lines into a CI log).
 */
import { YAMLError, parse } from "yaml";
import { DeploymentValidationError, type Problem } from "./problems";
import { MAX_DEPTH, depthProblem, textSizeProblem } from "./limits";

/** A node-start indicator (`- `, `? `, `: `) at position i: the indicator followed by a space, a tab or the line end. */
const indicatorAt = (text: string, i: number) => "-?:".includes(text[i]) && (i + 1 >= text.length || " \t\n\r".includes(text[i + 1]));

/**
 * An upper estimate of the text's nesting in one pass over its characters, no parser and no recursion (yaml's own
 * lexer takes a second and a half over the 10,000-tenant spec): flow brackets counted outside quoted scalars and
 * comments, block nesting by the columns where a line's nodes start (its indentation and each `- `, `? ` or `: ` that
 * follows), kept as an indentation stack. It counts a level too many where a key's sequence is not indented, never
 * hundreds too few; the parsed value is then measured exactly (limits.ts), and what slips past is a parse error.
 */
export function nestingProblem(text: string, what: string): Problem | undefined {
  let flow = 0;
  const block: number[] = [];
  let blockScalarIndent = -1; // inside a literal or folded block scalar: lines indented deeper are text
  let i = 0;
  while (i < text.length) {
    // A line: its indentation and leading indicators are block structure (outside flow collections).
    const lineStart = i;
    while (text[i] === " ") i++;
    const indent = i - lineStart;
    if (blockScalarIndent >= 0 && (indent > blockScalarIndent || text[i] === "\n")) {
      i = text.indexOf("\n", i) + 1 || text.length;
      continue;
    }
    blockScalarIndent = -1;
    if (flow === 0 && text[i] !== "\n" && text[i] !== "#" && i < text.length) {
      const columns = [indent];
      while (indicatorAt(text, i)) {
        i++;
        while (text[i] === " ") i++;
        columns.push(i - lineStart);
      }
      for (const column of columns) {
        while (block.length > 0 && block[block.length - 1] > column) block.pop();
        if (block.length === 0 || block[block.length - 1] < column) block.push(column);
      }
      if (block.length > MAX_DEPTH) return depthProblem("", what);
    }
    // The rest of the line (and of any quoted scalar or flow collection that goes on over the next lines).
    let nodeStart = true;
    let last = "";
    for (; i < text.length && (text[i] !== "\n" || flow > 0); i++) {
      const c = text[i];
      if (c === "#" && (last === "" || last === " " || last === "\t" || last === "\n")) {
        i = text.indexOf("\n", i);
        if (i < 0) i = text.length;
        if (flow === 0) break;
        last = "\n";
        continue;
      }
      if ((c === '"' || c === "'") && nodeStart) {
        // A quoted scalar: '' escapes a single quote, a backslash escapes in double quotes.
        for (i++; i < text.length; i++) {
          if (c === '"' && text[i] === "\\") i++;
          else if (text[i] === c && !(c === "'" && text[i + 1] === "'")) break;
          else if (text[i] === c) i++;
        }
        nodeStart = false;
      } else if ((c === "[" || c === "{") && (nodeStart || flow > 0)) {
        flow++;
        if (block.length + flow > MAX_DEPTH) return depthProblem("", what);
        nodeStart = true;
      } else if ((c === "]" || c === "}") && flow > 0) {
        flow--;
      } else if (c === "," && flow > 0) {
        nodeStart = true;
      } else if (indicatorAt(text, i)) {
        nodeStart = true;
      } else if ((c === "|" || c === ">") && nodeStart && flow === 0) {
        blockScalarIndent = indent;
      } else if (c !== " " && c !== "\t" && c !== "\r" && c !== "\n") {
        nodeStart = false;
      }
      last = c;
    }
    i++;
  }
  return undefined;
}

/** Parses YAML/JSON text; throws a DeploymentValidationError with one problem (size, depth, or where it breaks). */
export function parseYamlText(text: string, what: string): unknown {
  const problem = textSizeProblem(Buffer.byteLength(text), what) ?? nestingProblem(text, what);
  if (problem) throw new DeploymentValidationError([problem]);
  try {
    return parse(text, { merge: true, logLevel: "error" }) as unknown;
  } catch (e) {
    throw new DeploymentValidationError([{ path: "", rule: "PARSE", message: `${what} is not valid YAML or JSON: ${whereAndWhy(e)}` }]);
  }
}

/** The parser's error code and position, without its message (which may quote the text). */
function whereAndWhy(e: unknown): string {
  if (e instanceof YAMLError) {
    const at = e.linePos?.[0];
    return `${e.code}${at ? ` at line ${at.line}, column ${at.col}` : ""}`;
  }
  return e instanceof Error ? e.name : "unreadable";
}
