/**
 * Public addresses -> loopback. Every public address the captured resources name gets its own 127.0.0.0/8 address
 * (127.<run>.<n>.<m>), so that "which address answers" stays as meaningful as in the real deployment; the second
 * octet comes from the process id, so parallel test processes do not collide.
 *
 * Ports: the lab runs without root, so every public port p is served on LAB_PORT_OFFSET + p (443 -> 20443,
 * 80 -> 20080, 5061 -> 25061, 8080 -> 28080, 4443 -> 24443), the same on every address. Clients never use a public
 * port directly: they call `port(p)`. Only Linux routes the whole 127/8 to lo by default; on macOS each address
 * needs `ifconfig lo0 alias` first (open point).
 */
export const LAB_PORT_OFFSET = 20000;

export class AddressMap {
  private readonly byPublic = new Map<string, string>();
  private readonly byLoopback = new Map<string, string>();
  private next = 1;

  constructor(private readonly octet = 1 + (process.pid % 250)) {}

  /** The loopback address standing in for a public (or backend) address; allocated on first use. */
  loopback(publicAddress: string): string {
    const key = publicAddress.toLowerCase();
    let lo = this.byPublic.get(key);
    if (!lo) {
      const n = this.next++;
      lo = `127.${this.octet}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
      this.byPublic.set(key, lo);
      this.byLoopback.set(lo, key);
    }
    return lo;
  }

  /** The public address a loopback address stands for (for messages). */
  publicOf(loopback: string): string | undefined {
    return this.byLoopback.get(loopback);
  }

  /** The lab's one dedicated loopback address for a lab-internal service (DNS server, Cloudflare edge). */
  service(name: string): string {
    return this.loopback(`lab:${name}`);
  }

  port(publicPort: number): number {
    return LAB_PORT_OFFSET + publicPort;
  }
}
