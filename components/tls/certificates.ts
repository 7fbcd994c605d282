/** Keys and certificate requests (issue 5). */
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec } from "../model/spec";
import type { Plan } from "../model/plan";

export interface CertificateOutputs {
  readonly requests: pulumi.Output<Record<string, { subject: string; dnsNames: string[]; used: string; csrPem?: string }>>;
}

export function createCertificates(_spec: DeploymentSpec, plan: Plan, _parent: pulumi.Resource): CertificateOutputs {
  return {
    requests: pulumi.output(
      Object.fromEntries(
        plan.certificates.map((c) => [c.id, { subject: c.subject.commonName, dnsNames: [...c.dnsNames], used: `${c.dnsNames.length}/${c.limit}` }]),
      ),
    ),
  };
}
