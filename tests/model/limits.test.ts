// Input limits (components/spec/limits.ts, docs/rules.md LIMIT and CERT-SUBJECT): over a limit, one clear problem, found
// before anything recurses into the document; the largest benchmarked spec (10,000 SIP domains) stays valid.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, problemsOf } from "./support";
import { DeploymentValidationError, parseDeploymentText, validateDeployment } from "../../components/model";
import {
  MAX_DEPTH,
  MAX_ENVIRONMENT_STRING_BYTES,
  MAX_SIP_DOMAINS,
  MAX_SPEC_BYTES,
  MAX_STRING_CHARS,
  programConfigBytes,
} from "../../components/spec/limits";
import { readStackSettings } from "../../components/spec/load";
import { parseYamlText } from "../../components/spec/text";
import { spawnSync } from "node:child_process";
import { readSpecFile } from "../../components/spec/files";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDeployment } from "../../bench/generate";

const base = () => fixture("contoso-fabrikam-default.yaml");
/** Generous: the machine is shared; a limit that recursed or parsed everything would take seconds or crash. */
const FAST_MS = 1_000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

test("a deployment given as a JSON string nested 4,000 deep is one LIMIT problem, not a stack overflow", () => {
  const json = `{"zones": ${"[".repeat(4000)}${"]".repeat(4000)}}`;
  // Read from a stack file, the loader refuses it before parsing it (limits.ts, text.ts) ...
  const { value: error, ms } = timed(() => {
    try {
      parseDeploymentText(`config:\n  lync:deployment: '${json}'\n`);
    } catch (e) {
      return e;
    }
    return undefined;
  });
  assert.ok(error instanceof DeploymentValidationError, String(error));
  assert.deepEqual(
    error.problems.map((p) => [p.rule, p.message]),
    [["LIMIT", `lync:deployment nests deeper than ${MAX_DEPTH} levels here; a valid spec needs at most 7`]],
  );
  assert.ok(ms < FAST_MS, `${ms} ms`);
  // ... and validateDeployment, given the parsed value by a program, reports it instead of overflowing its stack.
  assert.deepEqual(problemsOf(JSON.parse(json)), [
    {
      path: `zones${"[0]".repeat(MAX_DEPTH - 1)}`,
      rule: "LIMIT",
      message: `the document nests deeper than ${MAX_DEPTH} levels here; a valid spec needs at most 7`,
    },
  ]);
});

test("an object nested 100,000 deep (a program's own input) is one LIMIT problem too", () => {
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 100_000; i++) deep = { sipDomains: deep };
  assert.deepEqual(
    problemsOf(deep).map((p) => p.rule),
    ["LIMIT"],
  );
});

test(`more than ${MAX_SIP_DOMAINS.toLocaleString("en-US")} SIP domains: one problem, in milliseconds`, () => {
  const input = base();
  input.sipDomains = Array.from({ length: MAX_SIP_DOMAINS + 1 }, (_, i) => ({ name: `t${i}.contoso.com` }));
  const { value: problems, ms } = timed(() => problemsOf(input));
  assert.deepEqual(problems, [{ path: "sipDomains", rule: "LIMIT", message: "holds 25,001 SIP domains; at most 25,000" }]);
  assert.ok(ms < FAST_MS, `${ms} ms`);
});

test("a 50 MB organization is one LIMIT problem, in milliseconds", () => {
  const input = base();
  input.certificates = { subject: { organization: "x".repeat(50 * 1024 * 1024) } };
  const { value: problems, ms } = timed(() => problemsOf(input));
  assert.deepEqual(problems, [
    {
      path: "certificates.subject.organization",
      rule: "LIMIT",
      message: `is 52,428,800 characters long; at most ${MAX_STRING_CHARS.toLocaleString("en-US")}`,
    },
  ]);
  assert.ok(ms < FAST_MS, `${ms} ms`);
});

test("the 10,000-tenant spec the benchmark reviews is valid", () => {
  const result = validateDeployment(generateDeployment(10_000, { reverseProxy: "azure", zonesPerSubscription: 250 }));
  assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.problems.slice(0, 3)));
});

test("CERT-SUBJECT: RFC 5280 upper bounds (O and OU 64, L and ST 128, CN 64), counted in characters", () => {
  const input = base();
  input.certificates = {
    subject: {
      organization: "é".repeat(64),
      organizationalUnit: "u".repeat(65),
      locality: "l".repeat(128),
      province: "p".repeat(129),
      country: "DE",
    },
  };
  input.webServices.externalFqdn = `${"w".repeat(60)}.contoso.com`;
  assert.deepEqual(
    problemsOf(input).filter((p) => p.rule === "CERT-SUBJECT"),
    [
      { path: "certificates.subject.organizationalUnit", rule: "CERT-SUBJECT", message: "is 65 characters long; RFC 5280 allows at most 64" },
      { path: "certificates.subject.province", rule: "CERT-SUBJECT", message: "is 129 characters long; RFC 5280 allows at most 128" },
      {
        path: "webServices.externalFqdn",
        subject: `${"w".repeat(60)}.contoso.com`,
        rule: "CERT-SUBJECT",
        message: "is the common name of a certificate request but has 72 characters; RFC 5280 allows at most 64",
      },
    ],
  );
});

for (const [what, text, code] of [
  ["a lone high surrogate", "Contoso \ud800Ltd", "U+D800"],
  ["a lone low surrogate", "Contoso \udc00Ltd", "U+DC00"],
  ["NEL (U+0085)", "Contoso\u0085Ltd", "U+0085"],
  ["a line separator (U+2028)", "Contoso\u2028Ltd", "U+2028"],
  ["a paragraph separator (U+2029)", "Contoso\u2029Ltd", "U+2029"],
  ["a right-to-left override (U+202E)", "Contoso \u202edtL", "U+202E"],
  ["a left-to-right isolate (U+2066)", "Contoso \u2066Ltd", "U+2066"],
  ["a right-to-left mark (U+200F)", "Contoso\u200f Ltd", "U+200F"],
  ["a NUL and a newline", "Contoso\u0000\nCN=evil", "U+0000"],
] as const) {
  test(`CERT-SUBJECT: ${what} in a subject field is refused`, () => {
    const input = base();
    input.certificates = { subject: { locality: text } };
    assert.deepEqual(problemsOf(input), [
      {
        path: "certificates.subject.locality",
        rule: "CERT-SUBJECT",
        message: `contains ${code}, which a certificate subject may not hold (control, separator or bidi character, or a lone surrogate)`,
      },
    ]);
  });
}

test("CERT-SUBJECT: characters outside the BMP (a surrogate pair) and accents are fine", () => {
  const input = base();
  input.certificates = { subject: { organization: "Contoso 🦊 Société" } };
  assert.deepEqual(problemsOf(input), []);
});

for (const [what, text] of [
  ["flow brackets", `${"[".repeat(20_000)}${"]".repeat(20_000)}`],
  ["compact sequences", `${"- ".repeat(20_000)}x`],
  ["block indentation", Array.from({ length: 2_000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")],
] as const) {
  test(`YAML nested 2,000+ deep by ${what}: one LIMIT problem before the parser recurses`, () => {
    const { value: error, ms } = timed(() => {
      try {
        parseDeploymentText(text, "spec.yaml");
      } catch (e) {
        return e;
      }
      return undefined;
    });
    assert.ok(error instanceof DeploymentValidationError, String(error));
    assert.deepEqual(
      error.problems.map((p) => [p.rule, p.message]),
      [["LIMIT", `spec.yaml nests deeper than ${MAX_DEPTH} levels here; a valid spec needs at most 7`]],
    );
    assert.ok(ms < FAST_MS, `${ms} ms`);
  });
}

test(`a file larger than ${MAX_SPEC_BYTES.toLocaleString("en-US")} bytes is refused before it is read`, () => {
  const dir = mkdtempSync(join(tmpdir(), "lync-limits-"));
  try {
    const file = join(dir, "big.yaml");
    writeFileSync(file, "");
    truncateSync(file, MAX_SPEC_BYTES + 1); // sparse: nothing to read, only a size
    assert.throws(
      () => readSpecFile(file),
      (e: unknown) =>
        e instanceof DeploymentValidationError && /\[LIMIT\] .*big\.yaml is 8,388,609 bytes; at most 8,388,608 are read/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`the kernel starts no program with an environment string over ${MAX_ENVIRONMENT_STRING_BYTES.toLocaleString("en-US")} bytes`, () => {
  // `PULUMI_CONFIG=` and the NUL count: the value may have 131,072 - 14 - 1 bytes.
  const start = (valueBytes: number) =>
    spawnSync(process.execPath, ["-e", "0"], { env: { PATH: process.env.PATH, PULUMI_CONFIG: "x".repeat(valueBytes) } });
  const most = MAX_ENVIRONMENT_STRING_BYTES - "PULUMI_CONFIG=".length - 1;
  assert.equal(start(most).status, 0);
  const { error } = start(most + 1);
  assert.equal(error && "code" in error ? error.code : undefined, "E2BIG");
});

test("a stack file whose config would not fit PULUMI_CONFIG is one LIMIT problem that points to the estate file", () => {
  const stackFile = (n: number) => `config:\n  lync:deployment: ${JSON.stringify(generateDeployment(n))}\n`;
  // Find the largest generated deployment that fits: the README's "about N SIP domains in stack config".
  const fits = (n: number) =>
    programConfigBytes((parseYamlText(stackFile(n), "probe") as { config: Record<string, unknown> }).config) <= MAX_ENVIRONMENT_STRING_BYTES;
  let [lo, hi] = [1, 4_000];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  assert.ok(lo > 500 && lo < 1_500, `${lo} SIP domains fit`);
  assert.doesNotThrow(() => readStackSettings(stackFile(lo)));
  assert.throws(
    () => readStackSettings(stackFile(lo + 1), "lync", "Pulumi.big.yaml"),
    (e: unknown) =>
      e instanceof DeploymentValidationError &&
      /\[LIMIT\] .*Pulumi\.big\.yaml reaches the program as one environment variable of 131,\d{3} bytes .*estate file/.test(e.message),
  );
});
