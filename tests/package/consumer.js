// A consumer's Pulumi program in plain JavaScript (no tsx, no ts-node): two LyncDeployments from the installed
// package, run under Pulumi's mock runtime, on one spec and its copy in other resource groups. Prints every registration (type, name, parent) as JSON on stdout.
// Usage: node consumer.js <deployment YAML (a Pulumi.<stack>.yaml)>
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

// The mock runtime and the list of registrations (mockRuntime.js, copied beside this file).
const { registered } = require("./mockRuntime.js");

const { LyncDeployment, parseDeploymentText } = require("pulumi-lync");
const deployment = parseDeploymentText(fs.readFileSync(process.argv[2], "utf8"));
// The same deployment in other containers (resource groups, Cloudflare zone id): the same children, other cloud
// objects. One spec twice in one program would manage the same records twice and is refused (DEPLOYMENT-OVERLAP).
const copy = structuredClone(deployment);
copy.zones = copy.zones.map((z) =>
  z.provider === "azure" ? { ...z, resourceGroup: `${z.resourceGroup}-west` } : z.provider === "cloudflare" ? { ...z, zoneId: "f".repeat(32) } : z,
);
if (copy.reverseProxy && copy.reverseProxy.provider === "azure") copy.reverseProxy.resourceGroup += "-west";
const secrets = { reverseProxyPfx: "cGZ4", reverseProxyPfxPassword: "test" };

pulumi.runtime
  .runInPulumiStack(async () => {
    const east = new LyncDeployment("east", { deployment, ...secrets });
    const west = new LyncDeployment("west", { deployment: copy, ...secrets });
    return { east: east.urn, west: west.urn, eastTenants: east.tenants, westCsrs: west.certificateRequests };
  })
  .then(() => process.stdout.write(JSON.stringify(registered)))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
