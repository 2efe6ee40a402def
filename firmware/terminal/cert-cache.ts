import type { Certificate } from '../../protocol/messages/certificate';
import type { CertificateCache } from '../../protocol/decision';
import { equalBytes } from '../../protocol/bytes';
import type { IssuerKey } from '../../protocol/messages/settings';

// Certificates whose issuer signature this terminal verified, by SHA-256, newest first.
// A returning wallet may then send only the hash and skip one Ed25519 verification.
// Small and in RAM only: after a reboot the first payment of each wallet pays again.
export class VerifiedCertificates implements CertificateCache {
  size: number;
  hashes: Uint8Array[];
  certs: Certificate[];
  keys: Uint8Array[]; // the issuer key each one was verified with

  constructor(size: number) {
    this.size = size;
    this.hashes = [];
    this.certs = [];
    this.keys = [];
  }

  find(hash: Uint8Array): Certificate | null {
    // First and last byte as a cheap reject; equalBytes only for a likely match.
    for (let i = 0; i < this.hashes.length; i++) {
      const h = this.hashes[i];
      if (h[0] === hash[0] && h[31] === hash[31] && equalBytes(h, hash)) return this.certs[i];
    }
    return null;
  }

  add(hash: Uint8Array, cert: Certificate, issuerKey: Uint8Array): void {
    if (this.find(hash)) return;
    // Keep copies: the decoded certificate views into a payment buffer that is reused.
    const bytes = new Uint8Array(cert.bytes);
    const copy = Object.assign({}, cert);
    copy.bytes = bytes;
    copy.walletKey = bytes.subarray(10, 42);
    copy.signature = bytes.subarray(cert.signedLength, cert.signedLength + 64);
    copy.extensions = new Uint8Array(cert.extensions);
    this.hashes.unshift(new Uint8Array(hash));
    this.certs.unshift(copy);
    this.keys.unshift(new Uint8Array(issuerKey));
    if (this.hashes.length > this.size) {
      this.hashes.pop();
      this.certs.pop();
      this.keys.pop();
    }
  }

  // After new settings: forget certificates whose issuer key was removed or replaced,
  // so a rotated-out key cannot vouch through the cache.
  keepIssuers(keys: IssuerKey[]): void {
    for (let i = this.certs.length - 1; i >= 0; i--) {
      const id = this.certs[i].issuerKeyId;
      let same = false;
      for (const k of keys) if (k.keyId === id && equalBytes(k.publicKey, this.keys[i])) same = true;
      if (!same) {
        this.hashes.splice(i, 1);
        this.certs.splice(i, 1);
        this.keys.splice(i, 1);
      }
    }
  }
}
