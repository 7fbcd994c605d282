// Rule expressions quote host names safely (issue 4): a hostile-looking host list cannot change an expression's meaning.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { quoteString, stringSet } from "../../components/cloudflare/expression";
import { edgeRulesets } from "../../components/cloudflare/edgeRules";
import type { Plan, PlanRecord } from "../../components/model";
import { planOf, threeTenants } from "./fixtures";

/**
 * Reference reader of the documented grammar (ruleset-engine/rules-language/values): a quoted string ends at the
 * first unescaped `"`; inside it only `\"` and `\\` are escapes. Outside strings: words, numbers and ( ) { }.
 */
type Token = { str: string } | { word: string };
function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " ") {
      i++;
    } else if (c === '"') {
      let s = "";
      for (i++; src[i] !== '"'; i++) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "\\") {
          i++;
          if (src[i] !== '"' && src[i] !== "\\") throw new Error(`undefined escape \\${src[i]} in ${src}`);
        }
        s += src[i];
      }
      i++;
      out.push({ str: s });
    } else if ("(){}".includes(c)) {
      out.push({ word: c });
      i++;
    } else {
      const m = /^[A-Za-z0-9_.]+/.exec(src.slice(i));
      if (!m) throw new Error(`unexpected ${c} in ${src}`);
      out.push({ word: m[0] });
      i += m[0].length;
    }
  }
  return out;
}
/** The expression's structure with every string literal replaced by a placeholder, and the literals in order. */
function shape(expression: string): { skeleton: string; strings: string[] } {
  const tokens = tokenize(expression);
  return {
    skeleton: tokens.map((t) => ("str" in t ? "<s>" : t.word)).join(" "),
    strings: tokens.flatMap((t) => ("str" in t ? [t.str] : [])),
  };
}

/** Strings without control characters (which quoteString refuses), rich in quotes, backslashes and operators. */
const printable = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('"', "\\", "{", "}", "(", ")", " ", "r", "#", "o", "a", "n", "d", "."),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    ),
  })
  .filter((s) => !/[\u0000-\u001f\u007f]/.test(s));

test('quoteString escapes exactly " and \\ (documented quoted-string syntax)', () => {
  assert.equal(quoteString("lyncdiscover.contoso.com"), '"lyncdiscover.contoso.com"');
  assert.equal(quoteString('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(quoteString('" or true or "'), '"\\" or true or \\""');
  assert.equal(stringSet(["a", 'b"']), '{"a" "b\\""}');
  assert.throws(() => quoteString("a\nb"), /control character/);
  assert.throws(() => stringSet([]), /at least one member/);
});

test("property: a quoted string reads back as exactly one literal holding the original value", () => {
  fc.assert(
    fc.property(printable, (s) => {
      assert.deepEqual(tokenize(quoteString(s)), [{ str: s }]);
    }),
  );
});

test("property: a set of any strings reads back as the same members, and nothing else", () => {
  fc.assert(
    fc.property(fc.array(printable, { minLength: 1, maxLength: 6 }), (values) => {
      const { skeleton, strings } = shape(stringSet(values));
      assert.equal(skeleton, ["{", ...values.map(() => "<s>"), "}"].join(" "));
      assert.deepEqual(strings, values);
    }),
  );
});

/** A plan whose proxied records carry arbitrary (even invalid) host names: the builder must still keep its shape. */
function planWithHosts(base: Plan, hosts: readonly string[]): Plan {
  const records: PlanRecord[] = hosts.map((h) => ({
    zone: "example.net",
    name: h,
    type: "A",
    ttl: 3600,
    data: "192.0.2.1",
    rule: "R-DNS-07",
    sipDomain: "example.net",
    proxied: true,
  }));
  return { ...base, records };
}

test("property: whatever the host names, every rule keeps its structure; the hosts appear only as literals", () => {
  const base = planOf(threeTenants());
  const reference = edgeRulesets(planWithHosts(base, ["lyncdiscover.example.net"]));
  fc.assert(
    fc.property(fc.uniqueArray(printable, { minLength: 1, maxLength: 5 }), (hosts) => {
      const sorted = [...hosts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const rulesets = edgeRulesets(planWithHosts(base, hosts));
      assert.equal(rulesets.length, reference.length);
      rulesets.forEach((rs, i) => {
        const got = shape(rs.rules[0].expression);
        const want = shape(reference[i].rules[0].expression);
        // Same skeleton as the one-host reference, with one placeholder per host in the host set.
        assert.equal(got.skeleton, want.skeleton.replace("{ <s> }", `{ ${sorted.map(() => "<s>").join(" ")} }`));
        assert.deepEqual(got.strings.slice(0, sorted.length), sorted);
        assert.deepEqual(got.strings.slice(sorted.length), want.strings.slice(1));
      });
    }),
  );
});

test("valid but hostile-looking SIP domains (operators, field names as labels) stay plain literals end to end", () => {
  const input = threeTenants() as { zones: unknown[]; sipDomains: unknown[] };
  input.zones.push({
    provider: "cloudflare",
    name: "example.net",
    zoneId: "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0",
    plan: "business",
    proxyLyncdiscover: true,
  });
  const hostile = ["in.example.net", "or.http.host.eq.example.net", "and.not.example.net", "lower.matches.example.net", "example.net"];
  input.sipDomains.push(...hostile.map((name) => ({ name })));
  const rulesets = edgeRulesets(planOf(input)).filter((rs) => rs.zone === "example.net");
  const hosts = hostile.map((d) => `lyncdiscover.${d}`).sort();
  assert.deepEqual(
    rulesets.map((rs) => rs.phase),
    ["http_config_settings", "http_request_origin", "http_request_firewall_custom"],
  );
  for (const rs of rulesets) {
    const { skeleton, strings } = shape(rs.rules[0].expression);
    const set = `{ ${hosts.map(() => "<s>").join(" ")} }`;
    const expected =
      rs.phase === "http_request_firewall_custom"
        ? `( http.host in ${set} ) and not ( lower ( http.request.uri.path ) in { <s> <s> } )`
        : `( http.host in ${set} )`;
    assert.equal(skeleton, expected);
    assert.deepEqual(strings.slice(0, hosts.length), hosts);
  }
});
