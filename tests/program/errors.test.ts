// Errors from inside LyncDeployment keep a useful stack although the children are registered with
// Error.stackTraceLimit = 0 (BENCHMARKS.md), and the limit is restored either way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capture } from "../harness/capture";
import { LyncDeployment, validateDeployment, parseDeploymentText } from "../../components";
import { readFileSync } from "node:fs";
import { join } from "node:path";

test("a throwing user transformation surfaces as an error naming the component, with frames and the original as cause", async (t) => {
  const result = validateDeployment(parseDeploymentText(readFileSync(join(__dirname, "../../Pulumi.contoso.example.yaml"), "utf8")));
  assert.ok(result.ok);
  const limit = Error.stackTraceLimit;
  let caught: Error | undefined;
  // The SDK also rejects the half-built component's own promises; ignored for this test only (tests/groups/ runs the
  // other files of this directory in the same process).
  const ignore = () => undefined;
  process.on("unhandledRejection", ignore);
  t.after(() => void process.off("unhandledRejection", ignore));
  await capture(() => {
    try {
      new LyncDeployment(
        "lync",
        { deployment: result.spec, registerWithoutStackTraces: true },
        {
          transformations: [
            (args) => {
              if (args.type === "azure-native:dns:RecordSet") throw new Error("bug in a user transformation");
              return undefined;
            },
          ],
        },
      );
    } catch (e) {
      caught = e as Error;
    }
    return {};
  });
  assert.equal(Error.stackTraceLimit, limit);
  assert.ok(caught);
  assert.equal(caught.message, "LyncDeployment lync: bug in a user transformation");
  assert.equal((caught.cause as Error).message, "bug in a user transformation");
  assert.match(caught.stack ?? "", /\n\s+at /, "the rethrown error has frames");
});
