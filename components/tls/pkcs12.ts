/**
 * A PKCS#12 (PFX) file from a private key and its certificate chain (RFC 7292), as `openssl pkcs12 -export -keypbe
 * PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1` writes it: the certificates in an encrypted SafeContents, the key
 * in a pkcs8ShroudedKeyBag, leaf and key tied by localKeyId, an HMAC-SHA1 MacData. The encryption is pbe.ts's.
 *
 * Deterministic on purpose: the salts come from the caller, so the same key, chain and password give the same bytes
 * on every run, and `pulumi up` sees no change to the gateway's certificate unless the certificate changed (pfx.ts).
 * The DER is written with asn1js (PeculiarVentures, the encoder under @peculiar/x509 and PKI.js).
 */
import { createHash, createPrivateKey } from "node:crypto";
import * as asn1js from "asn1js";
import { PBE_ITERATIONS, PBE_SHA1_3DES, encrypt3des, macSha1 } from "./pbe";

const OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  certBag: "1.2.840.113549.1.12.10.1.3",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  sha1: "1.3.14.3.2.26",
} as const;

export interface PfxInput {
  /** PEM (PKCS#1, SEC1 or PKCS#8) of the private key. */
  readonly privateKeyPem: string;
  /** DER certificates: the leaf (the key's) first, then its chain. */
  readonly certificates: readonly Buffer[];
  readonly password: string;
  /** Shown by the Windows certificate store (and `Get-ChildItem Cert:\`) as the certificate's friendly name. */
  readonly friendlyName: string;
  /** Three salts of 8 bytes: key bag, certificate bag, MAC. */
  readonly salts: readonly [Buffer, Buffer, Buffer];
}

type Block = asn1js.AsnType;
const seq = (...value: Block[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const octets = (data: Buffer) => new asn1js.OctetString({ valueHex: data });
const int = (value: number) => new asn1js.Integer({ value });
const explicit0 = (...value: Block[]) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value });
const der = (block: Block) => Buffer.from(block.toBER(false));
/** SET OF in DER order (X.690 11.6): the elements sorted by their encodings. */
const setOf = (...value: Block[]) => new asn1js.Set({ value: value.sort((a, b) => Buffer.compare(der(a), der(b))) });
const pbeAlgorithm = (salt: Buffer) => seq(oid(PBE_SHA1_3DES), seq(octets(salt), int(PBE_ITERATIONS)));
/** ContentInfo of type data: the content's DER as an OCTET STRING. */
const dataContent = (content: Buffer) => seq(oid(OID.data), explicit0(octets(content)));

function bagAttributes(friendlyName: string, localKeyId: Buffer): asn1js.Set {
  return setOf(seq(oid(OID.friendlyName), setOf(new asn1js.BmpString({ value: friendlyName }))), seq(oid(OID.localKeyId), setOf(octets(localKeyId))));
}

export function buildPfx(input: PfxInput): Buffer {
  const [keySalt, certSalt, macSalt] = input.salts;
  const [leaf] = input.certificates;
  if (!leaf) throw new Error("a PFX needs the certificate of its key");
  // OpenSSL's choice: the SHA-1 of the leaf ties the key bag to its certificate bag.
  const attributes = () => bagAttributes(input.friendlyName, createHash("sha1").update(leaf).digest());

  const certBags = input.certificates.map((cert, i) =>
    seq(oid(OID.certBag), explicit0(seq(oid(OID.x509Certificate), explicit0(octets(cert)))), ...(i === 0 ? [attributes()] : [])),
  );
  const certsEncrypted = seq(
    oid(OID.encryptedData),
    explicit0(
      seq(
        int(0),
        seq(
          oid(OID.data),
          pbeAlgorithm(certSalt),
          // encryptedContent [0] IMPLICIT OCTET STRING
          new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: encrypt3des(input.password, certSalt, der(seq(...certBags))) }),
        ),
      ),
    ),
  );

  const pkcs8 = createPrivateKey(input.privateKeyPem).export({ type: "pkcs8", format: "der" });
  const keyBag = seq(
    oid(OID.shroudedKeyBag),
    explicit0(seq(pbeAlgorithm(keySalt), octets(encrypt3des(input.password, keySalt, pkcs8)))),
    attributes(),
  );

  const authSafe = der(seq(certsEncrypted, dataContent(der(seq(keyBag)))));
  const mac = seq(
    seq(seq(oid(OID.sha1), new asn1js.Null()), octets(macSha1(input.password, macSalt, authSafe))),
    octets(macSalt),
    int(PBE_ITERATIONS),
  );
  return der(seq(int(3), dataContent(authSafe), mac));
}
