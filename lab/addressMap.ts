/**
 * Public addresses -> loopback, the one place that decides where a lab server listens and where a client connects.
 *
 * Stand-ins: every public address the captured resources name gets its own 127.0.0.0/8 address (127.<run>.<n>.<m>),
 * so that "which address answers" stays as meaningful as in the real deployment; the DNS server answers these and
 * clients key on them. Concurrent runs never share a second octet (or, single, a port block): `create` claims one by
 * listening on a socket that only that run's octet or block uses, and tries another when the claim is taken.
 *
 * Endpoints: the socket address behind a (stand-in, public port) pair, by loopback strategy (loopback.ts):
 * - range: the stand-in itself, public port p on LAB_PORT_OFFSET + p (443 -> 20443, 80 -> 20080, 5061 -> 25061,
 *   8080 -> 28080, 4443 -> 24443): no root needed for the ports;
 * - single: 127.0.0.1, where only the port can tell servers apart, so every pair gets the next port of this
 *   process's block (blocks from the process id, like the stand-ins' second octet).
 * Servers and clients never compute a port themselves: they call `endpoint`.
 */
import * as net from "node:net";
import { randomInt } from "node:crypto";
import { loopbackStrategy, type LoopbackStrategy } from "./loopback";

export const LAB_PORT_OFFSET = 20000;
/** single: ports 10000..32699, below every OS's ephemeral range (Linux 32768, macOS/Windows 49152), so that no
 *  outgoing connection can sit on a port the lab is about to listen on. */
const SINGLE_HOST = "127.0.0.1";
const SINGLE_PORT_BASE = 10000;
const SINGLE_BLOCK = 100;
const SINGLE_BLOCKS = 227;

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export class AddressMap {
  private readonly byPublic = new Map<string, string>();
  private readonly singlePorts = new Map<string, number>();
  /** Every (stand-in, public port) endpoint handed out, for the serve mode's state file. */
  private readonly handedOut = new Map<string, Endpoint>();
  private next = 1;

  constructor(
    readonly strategy: LoopbackStrategy,
    readonly octet = 1 + (process.pid % 250),
    readonly singleBase = SINGLE_PORT_BASE + (process.pid % SINGLE_BLOCKS) * SINGLE_BLOCK,
    private readonly claim?: net.Server,
  ) {}

  /**
   * A map with the strategy this machine supports (or LYNC_LAB_LOOPBACK asks for), on a second octet (range) or port
   * block (single) that no other run holds: claimed by listening on 127.<octet>.255.254:LAB_PORT_OFFSET (no stand-in
   * gets that address) or on the block's last port (never handed out). The claim lasts until `release`.
   */
  static async create(): Promise<AddressMap> {
    const strategy = await loopbackStrategy();
    for (let attempt = 0; attempt < 100; attempt++) {
      const octet = 1 + randomInt(250);
      const singleBase = SINGLE_PORT_BASE + randomInt(SINGLE_BLOCKS) * SINGLE_BLOCK;
      const at =
        strategy === "range" ? { host: `127.${octet}.255.254`, port: LAB_PORT_OFFSET } : { host: SINGLE_HOST, port: singleBase + SINGLE_BLOCK - 1 };
      const claim = await listenOrUndefined(at);
      if (claim) return new AddressMap(strategy, octet, singleBase, claim);
    }
    throw new Error("the lab found no free loopback range after 100 tries: are 100 labs running?");
  }

  /** Gives the octet or block back (the claim socket never keeps the process alive). */
  release(): Promise<void> {
    return new Promise((resolve) => (this.claim ? this.claim.close(() => resolve()) : resolve()));
  }

  /** The loopback address standing in for a public (or backend) address; allocated on first use. */
  loopback(publicAddress: string): string {
    const key = publicAddress.toLowerCase();
    let lo = this.byPublic.get(key);
    if (!lo) {
      const n = this.next++;
      lo = `127.${this.octet}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
      this.byPublic.set(key, lo);
    }
    return lo;
  }

  /** The lab's one dedicated loopback address for a lab-internal service (DNS server, Cloudflare edge). */
  service(name: string): string {
    return this.loopback(`lab:${name}`);
  }

  /** Where (stand-in, public port) listens, and so where a client that was answered that stand-in connects. */
  endpoint(standIn: string, publicPort: number): Endpoint {
    const at = this.allocate(standIn, publicPort);
    this.handedOut.set(`${standIn}:${publicPort}`, at);
    return at;
  }

  /** Public address -> its loopback stand-in (the lab's own services, `lab:<name>`, left out). */
  publicAddresses(): Record<string, string> {
    return Object.fromEntries([...this.byPublic].filter(([k]) => !k.startsWith("lab:")));
  }

  /** `<stand-in>:<public port>` -> `<host>:<port>` where it listens, for every endpoint handed out. */
  endpoints(): Record<string, string> {
    return Object.fromEntries([...this.handedOut].map(([k, e]) => [k, `${e.host}:${e.port}`]));
  }

  private allocate(standIn: string, publicPort: number): Endpoint {
    if (this.strategy === "range") return { host: standIn, port: LAB_PORT_OFFSET + publicPort };
    const key = `${standIn}:${publicPort}`;
    let port = this.singlePorts.get(key);
    if (port === undefined) {
      // The block's last port is its claim (create).
      if (this.singlePorts.size >= SINGLE_BLOCK - 1) throw new Error(`the lab needs more than ${SINGLE_BLOCK - 1} ports on ${SINGLE_HOST}`);
      port = this.singleBase + this.singlePorts.size;
      this.singlePorts.set(key, port);
    }
    return { host: SINGLE_HOST, port };
  }
}

/** A listening socket on `at`, or undefined when someone holds it (EADDRINUSE): the claim of a lab run. */
function listenOrUndefined(at: Endpoint): Promise<net.Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (e: NodeJS.ErrnoException) => (e.code === "EADDRINUSE" ? resolve(undefined) : reject(e)));
    server.listen(at.port, at.host, () => resolve(server.unref()));
  });
}
