import type { Certificate } from '../../protocol/messages/certificate';
import type { CertificateCache } from '../../protocol/decision';
import { equalBytes } from '../../protocol/bytes';
import type { IssuerKey } from '../../protocol/messages/settings';

interface Verified {
  hash: Uint8Array;
  cert: Certificate;
  key: Uint8Array; // the issuer key it was verified with
}

// Certificates whose issuer signature this terminal verified, by SHA-256, newest first.
// A returning wallet may then send only the hash and skip one Ed25519 verification.
// Small and in RAM only: after a reboot the first payment of each wallet pays again.
export class VerifiedCertificates implements CertificateCache {
  size: number;
  list: Verified[];

  constructor(size: number) {
    this.size = size;
    this.list = [];
  }

  find(hash: Uint8Array): Certificate | null {
    // First and last byte as a cheap reject; equalBytes only for a likely match.
    const v = this.list.find((x) => x.hash[0] === hash[0] && x.hash[31] === hash[31] && equalBytes(x.hash, hash));
    return v ? v.cert : null;
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
    this.list.unshift({ hash: new Uint8Array(hash), cert: copy, key: new Uint8Array(issuerKey) });
    if (this.list.length > this.size) this.list.pop();
  }

  // After new settings: forget certificates whose issuer key was removed or replaced,
  // so a rotated-out key cannot vouch through the cache.
  keepIssuers(keys: IssuerKey[]): void {
    this.list = this.list.filter((v) => keys.some((k) => k.keyId === v.cert.issuerKeyId && equalBytes(k.publicKey, v.key)));
  }
}
