/**
 * The runbook's ONBOARD-ORDER notes (docs/rules.md): which tenants wait for a certificate, what ends the wait, and the
 * order of a removal. Comments only: the steps themselves (Edge import, pulumi up) are the runbook's and the operator's.
 */
import { missingText } from "../plan/onboarding";
import type { Plan } from "../plan/types";
import { comment } from "./runbookSteps";

/** Notes for the head plan; with `base`, also the tenants this change publishes at last and those it removes. */
export function onboardingNotes(head: Plan, base?: Plan): string[] {
  const pending = head.onboarding.waiting.filter((w) => w.state === "pending");
  const heldBefore = new Set((base?.onboarding.waiting ?? []).filter((w) => w.state === "pending").map((w) => w.sipDomain));
  const listed = new Set(head.tenants.map((t) => t.name));
  const published = [...heldBefore].filter((n) => listed.has(n) && !pending.some((w) => w.sipDomain === n));
  const removed = (base?.tenants ?? []).filter((t) => t.home === "onPremises" && !listed.has(t.name)).map((t) => t.name);
  return [
    ...pending.flatMap((w) =>
      comment(
        `pending: ${w.sipDomain} waits for the CA's answer with ${missingText(w.missing)}; its DNS records are held back (ONBOARD-ORDER).`,
        "Once the answer arrives: import it where the certificate serves (Edge step for an edge certificate), give it to the stack,",
        `and run pulumi up: that run publishes the records. Move no user to ${w.sipDomain} before: Microsoft asks for the edge`,
        "certificate to be updated before any user is moved, and a client ends the session on a certificate without its name.",
      ),
    ),
    ...published.flatMap((d) =>
      comment(`${d}: this change publishes its held-back records; the certificate in service carries its names, so its users may move now.`),
    ),
    ...removed.flatMap((d) =>
      comment(
        `${d} leaves: its records go in this run, first; its names stay on the certificate in service until the answer to the new`,
        "request is installed. Install that answer no sooner than one DNS TTL after this run, so that no cached record still sends a client there.",
      ),
    ),
  ];
}
