/**
 * A validation problem names where it is (a path into the spec), the SIP domain or name it concerns, and the rule
 * it breaks (an id from docs/rules.md, or SCHEMA / RFC1035 / a platform limit id).
 */
export interface Problem {
  /** Path into the spec, e.g. `sipDomains[2].name`; empty for the whole document. */
  readonly path: string;
  /** Rule id: R-DNS-12, S4, CERT-LIMIT, AGW-LIMIT, SCHEMA, ... */
  readonly rule: string;
  /** The SIP domain or name concerned, if any. */
  readonly subject?: string;
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.path === "" ? "(deployment)" : p.path;
  const subject = p.subject ? ` (${p.subject})` : "";
  return `${where}${subject}: [${p.rule}] ${p.message}`;
}

/** Thrown by the components when handed an invalid spec: carries every problem, not only the first. */
export class DeploymentValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `The Lync deployment spec has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "DeploymentValidationError";
  }
}

export function pathOf(parts: ReadonlyArray<PropertyKey>): string {
  return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}
