/**
 * Adopting resources that `pulumi state move` brought into this stack (README "From one stack to shards").
 *
 * `pulumi state move` re-parents a moved resource whose parent stays behind onto the destination's root stack, and
 * rewrites the URNs of it and its children accordingly (pulumi/pulumi v3.248.0, pkg/cmd/pulumi/state/state_move.go).
 * A tenant's SipDomain and its pool's key and CSR thus arrive as `lync:index:SipDomain::<name>` instead of
 * `lync:index:Deployment$lync:index:SipDomain::<name>`, and the program, which registers them under the deployment,
 * would create them anew beside the moved ones and delete those. An alias to the root-parented URN on each direct
 * child of the deployment lets the engine find them; the children of a SipDomain inherit its alias. Needed for the
 * first `up` after the move only: each `up` rewrites the state under the program's URNs.
 */
import * as pulumi from "@pulumi/pulumi";

/** Adds the root-parented alias to every direct child of `deployment()` (the deployment exists by the time it runs). */
export function adoptMovedResources(deployment: () => pulumi.Resource | undefined): pulumi.ResourceTransformation {
  return (args) =>
    args.opts.parent === deployment()
      ? { props: args.props, opts: { ...args.opts, aliases: [...(args.opts.aliases ?? []), { parent: pulumi.rootStackResource }] } }
      : undefined;
}
