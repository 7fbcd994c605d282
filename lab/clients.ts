/**
 * The lab's clients, on real stacks: c-ares (node:dns Resolver) pointed at the lab DNS, node http/https/tls with the
 * lab CA as the only trust anchor and Node's normal host-name verification. Names are resolved through the lab DNS
 * (the `lookup` hook), public ports are translated with the AddressMap. Every call is bounded by LAB_TIMEOUT_MS.
 */
import { Resolver } from "node:dns/promises";
import * as http from "node:http";
import * as https from "node:https";
import * as tls from "node:tls";
import type { LookupFunction } from "node:net";
import type { AddressMap } from "./addressMap";
import { BACKEND_HEADER, LAB_TIMEOUT_MS } from "./servers";

export interface LabClient {
  readonly resolver: Resolver;
  resolve4(name: string): Promise<string[]>;
  get(url: string): Promise<HttpResult>;
  tlsConnect(host: string, port: number): Promise<TlsResult>;
}

export interface HttpResult {
  readonly status: number;
  /** The backend stand-in that answered, if any reached. */
  readonly backend: string | undefined;
  readonly body: string;
}

export interface TlsResult {
  readonly authorized: boolean;
  readonly error?: string;
}

const short = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

export function labClient(dns: { address: string; port: number }, map: AddressMap, caPem: string): LabClient {
  const resolver = new Resolver({ timeout: LAB_TIMEOUT_MS / 2, tries: 1 });
  resolver.setServers([`${dns.address}:${dns.port}`]);
  const resolve4 = (name: string) => resolver.resolve4(name);
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve4(hostname).then(
      (addresses) => (options.all ? (callback as any)(null, addresses.map((address) => ({ address, family: 4 }))) : callback(null, addresses[0], 4)),
      (e) => callback(e as NodeJS.ErrnoException, "", 4),
    );
  };

  return {
    resolver,
    resolve4,
    get(url) {
      const u = new URL(url);
      const secure = u.protocol === "https:";
      const lib = secure ? https : http;
      return new Promise<HttpResult>((resolve, reject) => {
        const req = lib.request(
          {
            hostname: u.hostname,
            port: map.port(Number(u.port || (secure ? 443 : 80))),
            path: `${u.pathname}${u.search}`,
            headers: { host: u.hostname, accept: "application/json" },
            lookup,
            timeout: LAB_TIMEOUT_MS,
            agent: false,
            ...(secure ? { ca: caPem, servername: u.hostname } : {}),
          },
          (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (body = (body + c).slice(0, 65536)));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, backend: res.headers[BACKEND_HEADER] as string | undefined, body }));
          },
        );
        req.on("timeout", () => req.destroy(new Error(`timeout after ${LAB_TIMEOUT_MS} ms`)));
        req.on("error", (e) => reject(new Error(`${url}: ${short(e)}`)));
        req.end();
      });
    },
    async tlsConnect(host, port) {
      const [address] = await resolve4(host);
      return new Promise<TlsResult>((resolve) => {
        const socket = tls.connect({ host: address, port: map.port(port), servername: host, ca: caPem, rejectUnauthorized: false, timeout: LAB_TIMEOUT_MS });
        const done = (r: TlsResult) => {
          socket.destroy();
          resolve(r);
        };
        socket.on("secureConnect", () => {
          // Chain first (lab CA only), then the name, with Node's own identity check and its message.
          if (!socket.authorized && socket.authorizationError?.toString() !== "ERR_TLS_CERT_ALTNAME_INVALID") {
            return done({ authorized: false, error: String(socket.authorizationError) });
          }
          const identity = tls.checkServerIdentity(host, socket.getPeerCertificate());
          done(identity ? { authorized: false, error: identity.message } : { authorized: true });
        });
        socket.on("timeout", () => done({ authorized: false, error: `timeout after ${LAB_TIMEOUT_MS} ms` }));
        socket.on("error", (e) => done({ authorized: false, error: `${host}:${port} ${short(e)}` }));
      });
    },
  };
}
