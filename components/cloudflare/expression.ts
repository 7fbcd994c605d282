/**
 * Literals of Cloudflare's Rules language, the one place where plan data enters a rule expression.
 *
 * A quoted string escapes exactly two characters, `"` as `\"` and `\` as `\\`; every other byte stands for itself
 * (developers.cloudflare.com/ruleset-engine/rules-language/values, "Quoted string syntax"; "basic escaping rules"
 * apply on the right-hand side of `eq`/`in` and in function parameters). With both escaped, a value can never end its
 * literal early, so no host name can add an operator, a field or a second set member to an expression.
 * Pure: no Pulumi.
 */

/** The documented limit of one rule expression (ruleset-engine/rules-language/expressions). */
export const MAX_EXPRESSION_LENGTH = 4096;

/**
 * `value` as a quoted Rules-language string. Control characters are refused rather than passed through: no valid
 * host name or path holds one (R-DNS-12), and the documentation does not say how the engine reads them.
 */
export function quoteString(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(`refusing a control character in a rule expression literal: ${JSON.stringify(value)}`);
  }
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** An inline list of strings for the `in` operator: `{"a" "b"}` (members separated by spaces). */
export function stringSet(values: readonly string[]): string {
  if (values.length === 0) throw new Error("an inline list in a rule expression needs at least one member");
  return `{${values.map(quoteString).join(" ")}}`;
}
