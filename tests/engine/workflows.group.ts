// A third of tests/engine in one process (tests/harness/group.ts): the preview workflow, the Cloudflare A -> CNAME
// change, adding a tenant and two deployments in one program.
import { testDirectory } from "../harness/group";

testDirectory("engine", ["workflowPreview", "cloudflareType", "addTenant", "twoDeployments"]);
