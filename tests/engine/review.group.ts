// A third of tests/engine in one process (tests/harness/group.ts): the review against the engine's preview, the
// upgrade from a release and destroy.
import { testDirectory } from "../harness/group";

testDirectory("engine", ["review", "upgrade", "destroy"]);
