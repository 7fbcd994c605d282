/**
 * A small interpreter for the part of the Cloudflare Rules language (wirefilter) that rule expressions on HTTP
 * discovery need: fields http.host, http.request.uri(.path/.query), http.request.full_uri, http.request.method, ssl;
 * operators eq ne == != contains matches ~ wildcard "strict wildcard" in {...}; and/or/not (&& || !); functions
 * lower, upper, starts_with, ends_with, len. Anything else throws, so the lab fails loudly instead of guessing.
 */
export interface CfRequest {
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly https: boolean;
  readonly method: string;
}

type Value = string | number | boolean | Value[];
type Token = { kind: "str" | "num" | "word" | "punct"; text: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let s = "";
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\\") i++;
        s += src[i++];
      }
      if (src[i] !== '"') throw new Error(`unterminated string in expression: ${src}`);
      i++;
      out.push({ kind: "str", text: s });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["==", "!=", "&&", "||"].includes(two)) {
      out.push({ kind: "punct", text: two });
      i += 2;
      continue;
    }
    if ("(){},!~".includes(c)) {
      out.push({ kind: "punct", text: c });
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_.]+/.exec(src.slice(i));
    if (!m) throw new Error(`unexpected "${c}" in expression: ${src}`);
    out.push({ kind: /^[0-9]+$/.test(m[0]) ? "num" : "word", text: m[0] });
    i += m[0].length;
  }
  return out;
}

function wildcard(pattern: string, value: string, strict: boolean): boolean {
  const re = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${re}$`, strict ? "" : "i").test(value);
}

export function evaluate(expression: string, req: CfRequest): boolean {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (text?: string) => {
    const t = tokens[pos++];
    if (!t || (text !== undefined && t.text !== text)) throw new Error(`expected ${text ?? "a token"} at ${pos} in: ${expression}`);
    return t;
  };
  const fields: Record<string, Value> = {
    "http.host": req.host,
    "http.request.uri.path": req.path,
    "http.request.uri.query": req.query,
    "http.request.uri": req.path + (req.query ? `?${req.query}` : ""),
    "http.request.full_uri": `${req.https ? "https" : "http"}://${req.host}${req.path}${req.query ? `?${req.query}` : ""}`,
    "http.request.method": req.method,
    ssl: req.https,
  };
  const functions: Record<string, (...a: Value[]) => Value> = {
    lower: (s) => String(s).toLowerCase(),
    upper: (s) => String(s).toUpperCase(),
    starts_with: (s, p) => String(s).startsWith(String(p)),
    ends_with: (s, p) => String(s).endsWith(String(p)),
    len: (s) => String(s).length,
  };

  function value(): Value {
    const t = take();
    if (t.kind === "str") return t.text;
    if (t.kind === "num") return Number(t.text);
    if (t.kind === "punct" && t.text === "(") {
      const v = or();
      take(")");
      return v;
    }
    if (t.kind === "word") {
      if (t.text === "true" || t.text === "false") return t.text === "true";
      if (peek()?.text === "(") {
        const fn = functions[t.text];
        if (!fn) throw new Error(`unsupported function ${t.text} in: ${expression}`);
        take("(");
        const args: Value[] = [];
        while (peek()?.text !== ")") {
          args.push(comparison());
          if (peek()?.text === ",") take(",");
        }
        take(")");
        return fn(...args);
      }
      if (!(t.text in fields)) throw new Error(`unsupported field ${t.text} in: ${expression}`);
      return fields[t.text];
    }
    throw new Error(`unexpected ${t.text} in: ${expression}`);
  }

  function comparison(): Value {
    const left = value();
    const op = peek();
    if (!op) return left;
    const l = String(left);
    const next = () => String(value());
    switch (op.text) {
      case "eq":
      case "==":
        take();
        return l === next();
      case "ne":
      case "!=":
        take();
        return l !== next();
      case "contains":
        take();
        return l.includes(next());
      case "matches":
      case "~":
        take();
        return new RegExp(next()).test(l);
      case "wildcard":
        take();
        return wildcard(next(), l, false);
      case "strict":
        take();
        take("wildcard");
        return wildcard(next(), l, true);
      case "in": {
        take();
        take("{");
        const set: string[] = [];
        while (peek()?.text !== "}") set.push(String(value()));
        take("}");
        return set.includes(l);
      }
      default:
        return left;
    }
  }

  function not(): Value {
    const t = peek();
    if (t && (t.text === "not" || t.text === "!")) {
      take();
      return !truthy(not());
    }
    return comparison();
  }
  function and(): Value {
    let v = not();
    while (peek() && (peek().text === "and" || peek().text === "&&")) {
      take();
      const r = not();
      v = truthy(v) && truthy(r);
    }
    return v;
  }
  function or(): Value {
    let v = and();
    while (peek() && (peek().text === "or" || peek().text === "||" || peek().text === "xor")) {
      const op = take().text;
      const r = and();
      v = op === "xor" ? truthy(v) !== truthy(r) : truthy(v) || truthy(r);
    }
    return v;
  }
  const truthy = (v: Value) => v === true;

  const result = or();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos].text} in: ${expression}`);
  if (typeof result !== "boolean") throw new Error(`expression is not a condition: ${expression}`);
  return result;
}
