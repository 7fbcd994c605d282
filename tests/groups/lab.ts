// tests/lab in one process (tests/harness/group.ts); the single-loopback run of its files is tests/loopback.
import { testDirectory } from "../harness/group";

testDirectory("lab");
