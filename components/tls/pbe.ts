/**
 * PKCS#12 password-based encryption as Windows' "TripleDES-SHA1" export writes it (docs/provider-notes.md 3.10):
 * pbeWithSHAAnd3-KeyTripleDES-CBC for the key and certificate bags, HMAC-SHA1 for the MAC, both keyed by the PKCS#12
 * key derivation of RFC 7292 appendix B.2. Older Windows (Server 2016 and earlier: Lync 2013 / SfB edge servers) and
 * Azure Application Gateway refuse the PBES2/AES files that OpenSSL 3 and Windows Server 2019 write by default.
 * The primitives (SHA-1, 3DES-CBC, HMAC) are Node's own (OpenSSL's default provider, not its legacy one).
 */
import { createCipheriv, createHash, createHmac } from "node:crypto";

/** 1.2.840.113549.1.12.1.3 (RFC 7292 appendix C). */
export const PBE_SHA1_3DES = "1.2.840.113549.1.12.1.3";
/** OpenSSL's default (PKCS12_DEFAULT_ITER); Windows writes 2000. */
export const PBE_ITERATIONS = 2048;

const U = 20; // SHA-1 output bytes
const V = 64; // SHA-1 block bytes

/** The password as RFC 7292 B.1 hashes it: BMPString (UTF-16BE) with a two-byte terminator. */
function bmpPassword(password: string): Buffer {
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

/** `data` repeated to a whole number of V-byte blocks (empty stays empty). */
function stretch(data: Buffer): Buffer {
  const length = V * Math.ceil(data.length / V);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = data[i % data.length];
  return out;
}

/** RFC 7292 B.2: `n` bytes of key material of kind `id` (1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(password: string, salt: Buffer, id: 1 | 2 | 3, iterations: number, n: number): Buffer {
  const d = Buffer.alloc(V, id);
  const i = Buffer.concat([stretch(salt), stretch(bmpPassword(password))]);
  const out: Buffer[] = [];
  for (let produced = 0; produced < n; produced += U) {
    let a = createHash("sha1").update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash("sha1").update(a).digest();
    out.push(a);
    // I_j = (I_j + B + 1) mod 2^(8V), B = A repeated to V bytes, for every V-byte block of I.
    const b = stretch(a);
    for (let j = 0; j < i.length; j += V) {
      let carry = 1;
      for (let k = V - 1; k >= 0; k--) {
        const sum = i[j + k] + b[k] + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, n);
}

/** pbeWithSHAAnd3-KeyTripleDES-CBC: key and IV both derived from password and salt; PKCS#7 padding. */
export function encrypt3des(password: string, salt: Buffer, plain: Buffer, iterations = PBE_ITERATIONS): Buffer {
  const key = pkcs12Kdf(password, salt, 1, iterations, 24);
  const iv = pkcs12Kdf(password, salt, 2, iterations, 8);
  const cipher = createCipheriv("des-ede3-cbc", key, iv);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** The PFX's MacData digest: HMAC-SHA1 over the AuthenticatedSafe, keyed by the KDF with id 3. */
export function macSha1(password: string, salt: Buffer, data: Buffer, iterations = PBE_ITERATIONS): Buffer {
  return createHmac("sha1", pkcs12Kdf(password, salt, 3, iterations, U))
    .update(data)
    .digest();
}
