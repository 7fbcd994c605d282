/**
 * One lab run: interpret the captured resources, start the DNS server, the Lync stand-ins, the reverse proxy and
 * Cloudflare's edge on loopback, run every client check, and stop every server again, also on failure.
 */
import type { DeploymentSpec } from "../components/spec/types";
import type { Plan } from "../components/plan/types";
import { AddressMap } from "./addressMap";
import { createLabCa, csrCommonName, type IssuedCertificate, type LabCa, type LabCaOptions } from "./ca";
import { verifyCertificates, type CertificateVerdict } from "./independent";
import { checkTenant, type CheckResult } from "./checks";
import { labClient } from "./clients";
import { cloudflareEdge } from "../tests/harness/cloudflareEdge";
import { startDnsServer, type LabDnsServer } from "./dnsServer";
import { startCloudflareEdge, startReverseProxy } from "./proxyServers";
import { dnsRecords, ofType, plain, TYPES, type LabResource } from "../tests/harness/resources";
import { proxyListeners } from "../tests/harness/gatewayRoutes";
import { ServerSet } from "./servers";
import { startEdges, startWebSite } from "./standIns";

export interface LabRun {
  readonly results: CheckResult[];
  /** Every certificate the lab served, judged by OpenSSL and NSS (independent.ts). */
  readonly certificates: CertificateVerdict[];
  /** What the lab could not set up (missing certificates, ...): printed above the table. */
  readonly notes: string[];
}

/**
 * Signs every captured CSR; certificates keyed by the CSR's common name. Where the plan knows the names of the
 * certificate in service (ONBOARD-ORDER), the lab serves those: the CA's answer to the current request is not in yet.
 */
async function signCaptured(resources: readonly LabResource[], ca: LabCa, plan: Plan, notes: string[]): Promise<Map<string, IssuedCertificate>> {
  const out = new Map<string, IssuedCertificate>();
  const inServiceOf = (commonName: string) => {
    const id = plan.certificates.find((c) => c.subject.commonName === commonName)?.id;
    return id === undefined ? undefined : (plan.onboarding.inService[id]?.names ?? undefined);
  };
  for (const r of ofType(resources, TYPES.tlsCertRequest)) {
    const csr = plain<string | undefined>(r.outputs?.certRequestPem);
    // The key comes as `privateKeyPem` or as the write-only `privateKeyPemWo` (@pulumi/tls 5.x), a secret either way.
    const key = plain<string | undefined>(r.inputs.privateKeyPem ?? r.inputs.privateKeyPemWo);
    if (!csr || !key) {
      notes.push(`${r.type} ${r.name}: no certRequestPem output or no private key input`);
      continue;
    }
    const commonName = (csrCommonName(csr) ?? "").toLowerCase();
    const cert = await ca.signCsr(csr, key, inServiceOf(commonName));
    out.set(cert.subject.replace(/^.*CN=([^,]+).*$/, "$1").toLowerCase(), cert);
  }
  return out;
}

export interface LabOptions {
  /** The address map to use (tests pass one to know where the lab listens). */
  readonly map?: AddressMap;
  /** How the lab CA issues (tests break its serials on purpose). */
  readonly ca?: LabCaOptions;
}

/** A lab whose servers are up: what a client needs to use it, and how to stop it. */
export interface RunningLab {
  readonly map: AddressMap;
  readonly dns: LabDnsServer;
  readonly ca: LabCa;
  readonly notes: string[];
  /** Stops every server and gives the address range back. */
  close(): Promise<void>;
}

/** Starts the DNS server, the Lync stand-ins, the reverse proxy and Cloudflare's edge for the captured resources. */
export async function startLab(resources: readonly LabResource[], spec: DeploymentSpec, plan: Plan, options: LabOptions = {}): Promise<RunningLab> {
  const map = options.map ?? (await AddressMap.create());
  const servers = new ServerSet();
  const notes: string[] = [];
  // A map the lab made itself is given back at the end; one passed in is the caller's.
  const closers: Array<() => Promise<void>> = [() => servers.closeAll(), ...(options.map ? [] : [() => map.release()])];
  const close = async () => {
    for (const c of closers) await c().catch(() => undefined);
  };
  try {
    const ca = await createLabCa(options.ca);
    const signed = await signCaptured(resources, ca, plan, notes);
    const edgeCerts = new Map<string, IssuedCertificate>();
    for (const p of spec.edgePools) {
      const c = signed.get(p.accessEdge.fqdn);
      if (c) edgeCerts.set(p.name, c);
    }
    const cfEdge = cloudflareEdge(resources);
    const cfAddress = map.service("cloudflare");
    const dns = await startDnsServer(dnsRecords(resources), map, cfAddress);
    closers.push(() => dns.close());

    notes.push(...(await startEdges(spec, edgeCerts, map, servers)));
    const ext = spec.webServices.externalFqdn;
    await startWebSite(spec, await ca.issue(ext, [ext]), map, servers);
    notes.push(...(await startReverseProxy(proxyListeners(resources, spec, plan.routes), signed.get(ext), map, ca.certPem, servers)));
    const proxied = [...cfEdge.origins.keys()];
    const universal = proxied.length > 0 ? await ca.issue(proxied[0], proxied) : undefined;
    await startCloudflareEdge(cfEdge, universal, cfAddress, map, ca.certPem, servers);
    return { map, dns, ca, notes, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** One lab run: start it, run every client check, judge every served certificate, stop it (also on failure). */
export async function runLab(resources: readonly LabResource[], spec: DeploymentSpec, plan: Plan, options: LabOptions = {}): Promise<LabRun> {
  const lab = await startLab(resources, spec, plan, options);
  try {
    const client = labClient(lab.dns, lab.map, lab.ca.certPem);
    const results: CheckResult[] = [];
    for (const t of plan.tenants) results.push(...(await checkTenant(client, t, plan)));
    return { results, certificates: verifyCertificates(lab.ca.certPem, lab.ca.issued), notes: lab.notes };
  } finally {
    await lab.close();
  }
}
