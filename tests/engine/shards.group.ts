// A third of tests/engine in one process (tests/harness/group.ts): a tenant's handover between shards, the state move
// into shards and the checks that stop a preview.
import { testDirectory } from "../harness/group";

testDirectory("engine", ["handover", "stateMove", "previewChecks"]);
