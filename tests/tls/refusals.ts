/**
 * The refusal scenarios of issued.test.ts, run in a process of their own (`node --import tsx tests/tls/refusals.ts`):
 * a program that throws leaves rejections inside the Pulumi SDK, which node:test would pin on whichever test runs next
 * (tests/program/outputs.test.ts does the same). Prints one JSON object: scenario -> the error and what was registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { capture, type MockProvider } from "../harness/capture";
import { statefulProviders } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { LyncDeployment, type DeploymentConfig } from "../../components";
import { runProgram, testPublicCa, type RequestsOutput } from "./issuer";

export interface Refusal {
  /** The error's message; null when the program ran through. */
  readonly error: string | null;
  /** Resource types registered besides the stack. */
  readonly registered: string[];
  /** The request's names, for the assertions. */
  readonly dnsNames: string[];
}

async function main(): Promise<Record<string, Refusal>> {
  process.on("unhandledRejection", () => {});
  const contoso = loadDeployment("Pulumi.contoso.example.yaml");
  const ca = await testPublicCa();
  const providers = statefulProviders([tlsMocks()]); // the same keys in every run, as the engine keeps them
  const requests = (await runProgram(contoso, providers)).outputs.certificates as RequestsOutput;
  const rp = requests["reverse-proxy"];
  const edge = requests["edge-edge1"];
  const scenarios: Record<string, [id: string, issued: () => Promise<Record<string, string>> | Record<string, string>]> = {
    otherKey: ["reverse-proxy", async () => ({ "reverse-proxy": await ca.issue(rp.csrPem, { otherKey: true }) })],
    missingNames: ["reverse-proxy", async () => ({ "reverse-proxy": await ca.issue(rp.csrPem, { dnsNames: rp.dnsNames.slice(0, -2) }) })],
    expired: ["edge-edge1", async () => ({ "edge-edge1": await ca.issue(edge.csrPem, { fromDays: -100, toDays: -1 }) })],
    notYetValid: ["edge-edge1", async () => ({ "edge-edge1": await ca.issue(edge.csrPem, { fromDays: 2, toDays: 90 }) })],
    brokenChain: ["edge-edge1", async () => ({ "edge-edge1": await ca.issue(edge.csrPem, { chain: "wrong-intermediate" }) })],
    noRoot: ["edge-edge1", async () => ({ "edge-edge1": await ca.issue(edge.csrPem, { chain: "intermediate" }) })],
    unknownIdAndText: ["reverse-proxy", () => ({ "edge-edge9": "x", "reverse-proxy": "not a certificate" })],
  };
  const results: Record<string, Refusal> = {};
  const run = async (id: string, program: (recording: MockProvider) => Promise<unknown>) => {
    const registered: string[] = [];
    const recording: MockProvider = (args) => {
      if (args.type !== "pulumi:pulumi:Stack") registered.push(args.type);
      return undefined;
    };
    const error = await program(recording).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    return { error, registered, dnsNames: requests[id].dnsNames };
  };
  for (const [scenario, [id, issued]] of Object.entries(scenarios)) {
    const given = await issued();
    results[scenario] = await run(id, (recording) => runProgram(contoso, [recording, ...providers], given));
  }
  // LyncDeployment's input as an Output: checked when it resolves.
  const short = await ca.issue(rp.csrPem, { dnsNames: rp.dnsNames.slice(1) });
  results.outputInput = await run("reverse-proxy", (recording) =>
    capture(
      () => {
        const d = new LyncDeployment("lync", {
          deployment: contoso as DeploymentConfig,
          issuedCertificates: { "reverse-proxy": pulumi.output(short) },
        });
        return { pfx: d.certificatePfx };
      },
      { providers: [recording, ...providers] },
    ),
  );
  return results;
}

if (require.main === module) {
  main().then(
    (results) => {
      process.stdout.write(JSON.stringify(results));
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
