// The plan CLI, the lab and the program read one stack file the same way (the Pulumi CLI's YAML and requireObject):
// YAML merge keys are merged, and lync:deployment given as a JSON string is parsed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDeploymentText, validateDeployment } from "../../components/model";
import { capture, programFromModule } from "../harness/capture";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";
import { tlsMocks } from "../harness/tlsMocks";

const EXAMPLE = readFileSync(join(__dirname, "../../Pulumi.contoso.example.yaml"), "utf8");

test("a YAML merge key (<<) is merged, not an unknown key", () => {
  const text = `defaults: &pool
  accessEdge: { fqdn: sip.contoso.com, ipv4: [131.107.155.10] }
  webConferencing: { fqdn: webcon.contoso.com, ipv4: [131.107.155.20] }
  audioVideo: { fqdn: av.contoso.com, ipv4: [131.107.155.30] }
pool:
  <<: *pool
  name: edge1
`;
  const merged = parseDeploymentText(text) as { pool: Record<string, unknown> };
  assert.deepEqual(Object.keys(merged.pool).sort(), ["accessEdge", "audioVideo", "name", "webConferencing"]);
});

test("lync:deployment as a JSON string: the CLI's reader and the program both accept it, with the same spec", async () => {
  const spec = parseDeploymentText(EXAMPLE);
  const asString = `config:\n  lync:deployment: '${JSON.stringify(spec)}'\n`;
  const fromCli = parseDeploymentText(asString);
  assert.deepEqual(fromCli, spec);
  assert.ok(validateDeployment(fromCli).ok);
  // The program gets the same string as its config value (what `pulumi config set lync:deployment '{...}'` stores).
  const secrets = { "lync:reverseProxyPfx": "cGZ4", "lync:reverseProxyPfxPassword": "test" };
  const run = await capture(programFromModule(PROJECT_PROGRAM), {
    config: { "lync:deployment": JSON.stringify(spec), ...secrets },
    providers: [tlsMocks()],
  });
  assert.deepEqual(Object.keys(run.outputs.tenants as object).sort(), ["adatum.com", "contoso.com", "fabrikam.com", "litwareinc.com"]);
});
