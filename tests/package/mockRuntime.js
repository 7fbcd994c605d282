// Pulumi's mock runtime instead of an engine for a consumer's program, and every registration (type, name, custom):
// preloaded (`node -r`) before a compiled README snippet, which then writes them as JSON to the file LYNC_REGISTERED
// names when it has run; required by consumer.js, which prints them itself (`registered`).
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

const registered = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, custom: args.custom === true });
      const state = { ...args.inputs };
      // The tls outputs the components read (real keys are not needed to check names).
      if (args.type === "tls:index/privateKey:PrivateKey") Object.assign(state, { publicKeyPem: `PUBLIC ${args.name}`, privateKeyPem: "PRIVATE" });
      if (args.type === "tls:index/certRequest:CertRequest") state.certRequestPem = `CSR ${args.name}`;
      return { id: `${args.name}-id`, state };
    },
    call: (args) => {
      throw new Error(`unexpected call ${args.token}`);
    },
  },
  "consumer",
  "dev",
  false,
);
process.on("exit", (code) => {
  if (code === 0 && process.env.LYNC_REGISTERED) fs.writeFileSync(process.env.LYNC_REGISTERED, JSON.stringify(registered));
});
module.exports = { registered };
