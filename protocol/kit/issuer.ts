import type { SigningCrypto } from '../crypto/port';
import { encodeCertificateBody, decodeCertificate, type Certificate, type CertificateFields } from '../messages/certificate';
import { concatBytes } from '../bytes';

// Host-only: an issuer that signs wallet certificates (SPEC.md §4). Integrators use it
// to make test wallets; the simulator and the demo use it for theirs.
export interface Issuer {
  keyId: number;
  publicKey: Uint8Array;
  issue(fields: Omit<CertificateFields, 'issuerKeyId' | 'extensions'> & { extensions?: Uint8Array }): Certificate;
}

export function createIssuer(crypto: SigningCrypto, keyId: number, seed: Uint8Array = crypto.random(32)): Issuer {
  const publicKey = crypto.publicKey(seed);
  return {
    keyId,
    publicKey,
    issue(fields) {
      const body = encodeCertificateBody({ ...fields, issuerKeyId: keyId, extensions: fields.extensions ?? new Uint8Array(0) });
      return decodeCertificate(concatBytes([body, crypto.sign(body, seed)]));
    },
  };
}
