/**
 * Addresses published in public DNS (ADDRESS): every one must be reachable from the Internet and serve one role.
 * - No private, loopback, link-local, unspecified, shared (CGNAT), multicast, reserved or IPv4-mapped address: a
 *   client outside would be sent nowhere, or into its own network (RFC 6890 special-purpose registries). The
 *   documentation ranges (RFC 5737, RFC 3849) stay allowed: the examples use them.
 * - The reverse proxy and every edge service need TCP 443 on their address, so an edge service cannot share an
 *   address with the reverse proxy, nor an edge pool with another pool (two listeners on one address and port).
 */
import { BlockList, isIPv4 } from "node:net";
import type { RawDeployment } from "../spec/types";
import type { Problem } from "../spec/problems";

const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, "ipv6");

/**
 * Why an address cannot be published in public DNS, or undefined. IPv4-mapped IPv6 is tested by its text, not in the
 * block list: Node's BlockList matches every IPv4 address against an IPv6 rule for ::ffff:0:0/96.
 */
export function notPublic(address: string): string | undefined {
  const family = isIPv4(address) ? "ipv4" : "ipv6";
  if (family === "ipv6" && /^::ffff:/i.test(address)) return "an IPv4-mapped IPv6 address (publish the IPv4 address as an A record)";
  return NOT_PUBLIC.check(address, family)
    ? "not reachable from the Internet (private, loopback, link-local, shared, multicast or reserved)"
    : undefined;
}

const EDGE_SERVICES = ["accessEdge", "webConferencing", "audioVideo"] as const;

export function addressProblems(spec: RawDeployment): Problem[] {
  const problems: Problem[] = [];
  const web = spec.webServices;
  const published: Array<[string, string]> = [
    ["webServices.publicIpv4", web.publicIpv4],
    ...(web.publicIpv6 ? [["webServices.publicIpv6", web.publicIpv6] as [string, string]] : []),
    ...(web.lyncdiscoverHttpIpv4 ? [["webServices.lyncdiscoverHttpIpv4", web.lyncdiscoverHttpIpv4] as [string, string]] : []),
  ];
  spec.edgePools.forEach((p, i) =>
    EDGE_SERVICES.forEach((s) =>
      [
        ...p[s].ipv4.map((ip, j) => [`edgePools[${i}].${s}.ipv4[${j}]`, ip]),
        ...p[s].ipv6.map((ip, j) => [`edgePools[${i}].${s}.ipv6[${j}]`, ip]),
      ].forEach(([path, ip]) => published.push([path, ip])),
    ),
  );
  for (const [path, ip] of published) {
    const why = notPublic(ip);
    if (why) problems.push({ path, subject: ip, rule: "ADDRESS", message: `${ip} is published in public DNS but is ${why}` });
  }

  // 443 on one address: the reverse proxy, or one edge pool (the HTTP-only address against an edge: R-DNS-08).
  const poolOf = new Map<string, number>();
  spec.edgePools.forEach((p, i) =>
    EDGE_SERVICES.forEach((s) =>
      p[s].ipv4.forEach((ip, j) => {
        const path = `edgePools[${i}].${s}.ipv4[${j}]`;
        if (ip === web.publicIpv4) {
          problems.push({
            path,
            subject: ip,
            rule: "ADDRESS",
            message: `${ip} is also webServices.publicIpv4: the edge's ${s} and the reverse proxy both listen on TCP 443, so they need addresses of their own`,
          });
        }
        const other = poolOf.get(ip);
        if (other !== undefined && other !== i) {
          problems.push({
            path,
            subject: ip,
            rule: "ADDRESS",
            message: `${ip} is also an address of edge pool ${spec.edgePools[other].name}: two pools cannot share an address (both listen on 443)`,
          });
        }
        if (other === undefined) poolOf.set(ip, i);
      }),
    ),
  );
  return problems;
}
