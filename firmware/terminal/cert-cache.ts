import type { Certificate } from '../../protocol/messages/certificate';
import type { CertificateCache } from '../../protocol/decision';

// Certificates whose issuer signature this terminal verified, by SHA-256, newest first.
// A returning wallet may then send only the hash and skip one Ed25519 verification.
// Small and in RAM only: after a reboot the first payment of each wallet pays again.
export class VerifiedCertificates implements CertificateCache {
  size: number;
  hashes: Uint8Array[];
  certs: Certificate[];

  constructor(size: number) {
    this.size = size;
    this.hashes = [];
    this.certs = [];
  }

  find(hash: Uint8Array): Certificate | null {
    for (let i = 0; i < this.hashes.length; i++) {
      const h = this.hashes[i];
      let d = 0;
      for (let j = 0; j < 32; j++) d |= h[j] ^ hash[j];
      if (d === 0) return this.certs[i];
    }
    return null;
  }

  add(hash: Uint8Array, cert: Certificate): void {
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
    if (this.hashes.length > this.size) {
      this.hashes.pop();
      this.certs.pop();
    }
  }

  clear(): void {
    this.hashes = [];
    this.certs = [];
  }
}
