/**
 * The lab's providers started once and attached to, for the engine tests: the engine launches a plugin process per
 * provider for every operation (three per `up`, `preview` or `destroy`, about 0.9 s of CPU each to start), which was
 * a third of what the engine tests cost. PULUMI_DEBUG_PROVIDERS (`<package>:<port>,...`, the engine's own way to
 * attach a debugger to a provider: pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go,
 * GetProviderAttachPort) makes the CLI connect to providers that already run instead. The protocol, the engine and the
 * providers are the same; only the process that serves them lives longer. `npm start` and the lab's CLI tests still
 * launch the plugins from PATH as a user's `pulumi up` does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { LAB_CLOUD_ENV } from "./providers/cloud";

/** The packages the lab serves, each by its plugin script in `plugins` (pulumi-resource-<package>). */
export const LAB_PACKAGES = ["azure-native", "cloudflare", "tls"] as const;

/** The environment variable through which the engine attaches to running providers. */
export const ATTACH_ENV = "PULUMI_DEBUG_PROVIDERS";

export interface AttachedProviders {
  /** The value of PULUMI_DEBUG_PROVIDERS that attaches the engine to them. */
  readonly attach: string;
  /** Ends the provider processes. */
  stop(): void;
}

/** Starts one plugin without an engine address and resolves with the port it prints, as the engine reads it. */
function startPlugin(plugins: string, pkg: string, cloudDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(path.join(plugins, `pulumi-resource-${pkg}`), [], {
    env: { ...process.env, [LAB_CLOUD_ENV]: cloudDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const port = Number(line.trim());
      if (Number.isInteger(port) && port > 0) resolve({ child, port });
      else reject(new Error(`lab provider ${pkg} printed ${JSON.stringify(line)} instead of its port`));
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`lab provider ${pkg} exited (${code}) before it printed its port`)));
  });
}

/** Starts the lab's providers from `plugins`, writing to `cloudDir`, for the engine to attach to. */
export async function startLabProviders(plugins: string, cloudDir: string): Promise<AttachedProviders> {
  const started = await Promise.allSettled(LAB_PACKAGES.map((pkg) => startPlugin(plugins, pkg, cloudDir)));
  const children = started.flatMap((s) => (s.status === "fulfilled" ? [s.value.child] : []));
  const stop = () => children.forEach((c) => c.kill());
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    stop();
    throw failed.reason;
  }
  const ports = started.map((s, i) => `${LAB_PACKAGES[i]}:${(s as PromiseFulfilledResult<{ port: number }>).value.port}`);
  return { attach: ports.join(","), stop };
}
