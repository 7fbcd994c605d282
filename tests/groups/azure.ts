// tests/azure in one process (tests/harness/group.ts).
import { testDirectory } from "../harness/group";

testDirectory("azure");
