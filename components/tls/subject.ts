/** The plan's certificate subject as the tls provider's subject input and as a readable distinguished name. */
import type * as tls from "@pulumi/tls";
import type { PlanCertificate } from "../plan/types";

type Subject = PlanCertificate["subject"];

export function certRequestSubject(s: Subject): tls.types.input.CertRequestSubject {
  const out: tls.types.input.CertRequestSubject = { commonName: s.commonName };
  if (s.organization !== undefined) out.organization = s.organization;
  if (s.organizationalUnit !== undefined) out.organizationalUnit = s.organizationalUnit;
  if (s.locality !== undefined) out.locality = s.locality;
  if (s.province !== undefined) out.province = s.province;
  if (s.country !== undefined) out.country = s.country;
  return out;
}

/** RFC 4514 string (most specific first), e.g. `CN=sip.contoso.com, O=Contoso Ltd, C=DE`. */
export function distinguishedName(s: Subject): string {
  const escape = (v: string) =>
    v
      .replace(/([,+"\\<>;=])/g, "\\$1")
      .replace(/\u0000/g, "\\00")
      .replace(/^([ #])/, "\\$1")
      .replace(/ $/, "\\ ");
  const parts: Array<[string, string | undefined]> = [
    ["CN", s.commonName],
    ["OU", s.organizationalUnit],
    ["O", s.organization],
    ["L", s.locality],
    ["ST", s.province],
    ["C", s.country],
  ];
  return parts
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${escape(v)}`)
    .join(", ");
}
