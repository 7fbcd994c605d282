/**
 * DNS name helpers. Lync accepts only plain ASCII host names (R-DNS-12: A-Z, a-z, 0-9 and '-', FQDNs only,
 * no IDN), RFC 1035 bounds the lengths. Names are compared case- and trailing-dot-insensitively.
 */

/** Lower-case, without trailing dot: the form every name takes inside the spec and the plan. */
export function normalizeName(name: string): string {
  return name.trim().replace(/\.$/, "").toLowerCase();
}

/** Why a host name is not acceptable to Lync, or undefined when it is. */
export function hostNameProblem(name: string): { rule: string; message: string } | undefined {
  const n = name.replace(/\.$/, "");
  if (/[^\x00-\x7f]/.test(n)) {
    return { rule: "R-DNS-12", message: `"${name}" contains non-ASCII characters: Lync does not support internationalised domain names` };
  }
  if (n.length === 0) return { rule: "R-DNS-12", message: "the name is empty" };
  if (n.length > 253) return { rule: "RFC1035", message: `"${name}" is ${n.length} characters long; a DNS name has at most 253` };
  const labels = n.split(".");
  if (labels.length < 2) return { rule: "R-DNS-12", message: `"${name}" is not a fully qualified domain name` };
  for (const label of labels) {
    if (label.length === 0) return { rule: "R-DNS-12", message: `"${name}" has an empty label` };
    if (label.length > 63) return { rule: "RFC1035", message: `"${name}" has a label of ${label.length} characters; at most 63 are allowed` };
    if (/^xn--/i.test(label)) {
      return { rule: "R-DNS-12", message: `"${name}" is an IDN (punycode label "${label}"): Lync does not support internationalised domain names` };
    }
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label)) {
      return { rule: "R-DNS-12", message: `"${name}" has the label "${label}": only A-Z, a-z, 0-9 and inner '-' are allowed` };
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    return { rule: "R-DNS-12", message: `"${name}" ends in a numeric label: it is not a host name` };
  }
  return undefined;
}

/** True when `name` equals `domain` or lies below it. */
export function isWithin(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/** The owner name relative to its zone, `@` for the apex (as Azure's relativeRecordSetName wants it). */
export function relativeName(fqdn: string, zone: string): string {
  if (fqdn === zone) return "@";
  if (!fqdn.endsWith(`.${zone}`)) throw new Error(`${fqdn} is not inside zone ${zone}`);
  return fqdn.slice(0, -(zone.length + 1));
}

/**
 * The longest of `zones` that contains `name`, if any. Walks the name's own suffixes, so a Set of zones answers in
 * O(labels) however many zones there are (hosters run one zone per tenant).
 */
export function zoneOf(name: string, zones: ReadonlySet<string> | Iterable<string>): string | undefined {
  const set = zones instanceof Set ? (zones as ReadonlySet<string>) : new Set(zones);
  for (let suffix = name; ;) {
    if (set.has(suffix)) return suffix;
    const dot = suffix.indexOf(".");
    if (dot < 0) return undefined;
    suffix = suffix.slice(dot + 1);
  }
}

/** The names between `name` (included) and its ancestor `domain` (excluded), e.g. sip.a.b.c within b.c: sip.a.b.c, a.b.c. */
export function ancestorsBelow(name: string, domain: string): string[] {
  const out: string[] = [];
  for (let n = name; n !== domain && n.endsWith(`.${domain}`); n = n.slice(n.indexOf(".") + 1)) out.push(n);
  return out;
}

/** Byte-wise order of plain strings, independent of locale, for deterministic output. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}
