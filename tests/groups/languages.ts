// tests/languages in one process (tests/harness/group.ts); its subdirectories are `npm run test:languages`.
import { testDirectory } from "../harness/group";

testDirectory("languages");
