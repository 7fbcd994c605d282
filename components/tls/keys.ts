/**
 * Private keys of the certificate requests (issue 5).
 *
 * Identity: a key is named `<owner>-key-r<rotation>`. Nothing from the SAN list enters the key, so adding or removing
 * a tenant never touches it; changing `certificates.key.rotation` gives the key a new logical name, which Pulumi
 * carries out as "create the new key, re-issue what uses it, delete the old key". No alias links the names on
 * purpose: an alias would declare the new key to be the old one and the rotation would not happen.
 * (Alternatives weighed: the `replacementTrigger` option needs a recent engine and an older CLI ignores it silently;
 * tls.PrivateKey has no keeper input.)
 *
 * Secrecy: the PEM is a secret output of tls.PrivateKey; consumers get it through the write-only inputs of
 * @pulumi/tls 5.x (`privateKeyPemWo`, `caPrivateKeyPemWo`), so the provider does not copy the key into their
 * state outputs. Pulumi still records write-only inputs, encrypted, as secret inputs (pulumi-terraform-bridge#3201).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { DeploymentSpec } from "../spec/types";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";

export type KeySpec = DeploymentSpec["certificates"]["key"];

export function keyName(owner: string, key: Pick<KeySpec, "rotation">): string {
  return `${owner}-key-r${key.rotation}`;
}

/** Lync accepts RSA 2048+ (S8); ECDSA only by config, where every client and the CA support it. */
export function keyArgs(key: KeySpec): tls.PrivateKeyArgs {
  return key.algorithm === "RSA" ? { algorithm: "RSA", rsaBits: key.rsaBits } : { algorithm: "ECDSA", ecdsaCurve: key.ecdsaCurve };
}

/**
 * The `...WoVersion` that accompanies a write-only key. Pulumi does not diff write-only inputs, so this number is the
 * only thing that tells the provider the key changed. It is derived from the public key (not from the rotation
 * setting), so it changes with every new key, whatever replaced it (rotation, algorithm or size change, --replace).
 */
export function keyVersion(publicKeyPem: string): number {
  return (createHash("sha256").update(publicKeyPem.trim()).digest().readUInt32BE(0) % 0x7ffffffe) + 1;
}

export interface KeyHandle {
  readonly key: tls.PrivateKey;
  /** Secret. Only ever passed to write-only inputs. */
  readonly privateKeyPem: pulumi.Output<string>;
  readonly version: pulumi.Output<number>;
}

export function createKey(owner: string, key: KeySpec, scope: ChildScope): KeyHandle {
  const local = keyName(owner, key);
  const resource = new tls.PrivateKey(childName(scope, local), keyArgs(key), childOptions(scope, local));
  return { key: resource, privateKeyPem: pulumi.secret(resource.privateKeyPem), version: resource.publicKeyPem.apply(keyVersion) };
}
