/**
 * A small evaluator of GitHub Actions `if:` expressions, for the subset the workflows use: `==`, `!=`, `&&`, `||`, `!`,
 * parentheses, 'string' literals, true/false/null, context paths (github.event.pull_request.head.repo.full_name,
 * needs.review.outputs.matrix, inputs.all ...), always() and cancelled() (false: a simulated run is never cancelled).
 * Comparison is GitHub's for strings: case-insensitive (docs "Expressions", Operators). Anything else throws, so a
 * guard written outside the subset cannot pass unnoticed.
 */
export type Context = Readonly<Record<string, unknown>>;

type Token = { kind: "op" | "str" | "word" | "paren"; text: string };

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(==|!=|&&|\|\||!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w.-]*(?:\(\))?)/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < expr.length && (m = ((re.lastIndex = at), re.exec(expr)))) {
    const t = m[1];
    tokens.push(
      t.startsWith("'")
        ? { kind: "str", text: t.slice(1, -1).replace(/''/g, "'") }
        : /^[()]$/.test(t)
          ? { kind: "paren", text: t }
          : /^[=!&|]/.test(t)
            ? { kind: "op", text: t }
            : { kind: "word", text: t },
    );
    at = re.lastIndex;
    if (expr.slice(at).trim() === "") break;
  }
  if (expr.slice(at).trim() !== "") throw new Error(`cannot read the expression at: ${expr.slice(at)}`);
  return tokens;
}

function lookup(path: string, ctx: Context): unknown {
  let value: unknown = ctx;
  for (const part of path.split(".")) value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  return value ?? null;
}

const truthy = (v: unknown) => v !== null && v !== false && v !== "" && v !== 0;
const same = (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);

export function evaluate(expression: string, ctx: Context): boolean {
  const expr = expression.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, "$1");
  const tokens = tokenize(expr);
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): unknown => {
    const t = tokens[i++];
    if (!t) throw new Error(`unexpected end of ${expr}`);
    if (t.kind === "paren" && t.text === "(") {
      const v = or();
      if (tokens[i++]?.text !== ")") throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (t.kind === "op" && t.text === "!") return !truthy(primary());
    if (t.kind === "str") return t.text;
    if (t.text === "true" || t.text === "false") return t.text === "true";
    if (t.text === "null") return null;
    if (t.text === "always()") return true;
    if (t.text === "cancelled()") return false;
    if (t.kind === "word" && !t.text.endsWith("()")) return lookup(t.text, ctx);
    throw new Error(`unsupported token ${t.text} in ${expr}`);
  };
  const comparison = (): unknown => {
    const left = primary();
    const op = peek();
    if (op?.kind === "op" && (op.text === "==" || op.text === "!=")) {
      i++;
      const right = primary();
      return op.text === "==" ? same(left, right) : !same(left, right);
    }
    return left;
  };
  const and = (): unknown => {
    let v = comparison();
    while (peek()?.text === "&&") {
      i++;
      const r = comparison();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (peek()?.text === "||") {
      i++;
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const result = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i].text} in ${expr}`);
  return truthy(result);
}
