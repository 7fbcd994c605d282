// Preloaded (`node -r`) before a consumer's compiled program: Pulumi's mock runtime instead of an engine, and every
// registration (type, name) written as JSON to the file LYNC_REGISTERED names when the program has run.
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

const registered = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name });
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
  if (code === 0) fs.writeFileSync(process.env.LYNC_REGISTERED, JSON.stringify(registered));
});
