/**
 * spec.lifecycle.protect -> `protect` on the long-lived children, whichever adapter registers them.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Types that live as long as the deployment and are costly or impossible to get back (a private key exists only in
 * state; a zone carries its delegation; a gateway and its address carry traffic). Records, CSRs and rules are not here:
 * they must come and go with the tenants.
 */
export const LONG_LIVED_TYPES: ReadonlySet<string> = new Set([
  "tls:index/privateKey:PrivateKey",
  "azure-native:dns:Zone",
  "azure-native:network:ApplicationGateway",
  "azure-native:network:PublicIPAddress",
  "cloudflare:index/zone:Zone",
]);

/**
 * A (legacy) transformation because the newer `transforms` need a callback server that the mock runtime does not
 * offer.
 */
export function protectLongLived(protect: boolean): pulumi.ResourceTransformation {
  return (args) => (protect && LONG_LIVED_TYPES.has(args.type) ? { props: args.props, opts: { ...args.opts, protect: true } } : undefined);
}
