import { decodeCertificate, type Certificate } from '../protocol/messages/certificate';
import { ProtocolError } from '../protocol/errors';
import type { Queryable } from './db';
import type { VerifyPool } from './verify-pool';
import { Problem } from './problem';
import { ledgerCrypto } from './messages';

// A certificate the ledger has checked against its issuer key, keyed by SHA-256.
export interface KnownCertificate {
  hash: Uint8Array;
  walletId: number;
  issuerKeyId: number;
  walletKey: Uint8Array;
  perPaymentLimit: number;
  currency: number;
  notBefore: number;
  expiry: number;
  bytes: Uint8Array;
}

export function hashHex(h: Uint8Array): string {
  return Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('hex');
}

// Decodes and verifies uploaded certificates: each must decode, name a registered issuer
// key and carry that key's valid signature. Any failure refuses the request (4xx).
export async function checkCertificates(db: Queryable, pool: VerifyPool, raw: Uint8Array[]): Promise<KnownCertificate[]> {
  const certs: Certificate[] = raw.map((b, i) => {
    try {
      return decodeCertificate(b);
    } catch (e) {
      if (e instanceof ProtocolError) throw new Problem(400, 'malformed_certificate', `certificate ${i}: ${e.message}`);
      throw e;
    }
  });
  if (certs.length === 0) return [];
  const keyIds = [...new Set(certs.map((c) => c.issuerKeyId))];
  const rows = await db.query<{ key_id: number; public_key: Uint8Array }>('SELECT key_id, public_key FROM issuer_keys WHERE key_id = ANY($1::bigint[])', [keyIds]);
  const keys = new Map(rows.map((r) => [r.key_id, r.public_key]));
  certs.forEach((c, i) => {
    if (!keys.has(c.issuerKeyId)) throw new Problem(422, 'unknown_issuer', `certificate ${i}: issuer key ${c.issuerKeyId} is not registered`);
  });
  const ok = await pool.verify(certs.map((c) => ({ publicKey: keys.get(c.issuerKeyId)!, message: c.bytes.subarray(0, c.signedLength), signature: c.signature })));
  return certs.map((c, i) => {
    if (!ok[i]) throw new Problem(422, 'bad_certificate', `certificate ${i}: the issuer signature does not verify`);
    return {
      hash: ledgerCrypto.sha256(c.bytes),
      walletId: c.walletId,
      issuerKeyId: c.issuerKeyId,
      walletKey: c.walletKey.slice(),
      perPaymentLimit: c.perPaymentLimit,
      currency: c.currency,
      notBefore: c.notBefore,
      expiry: c.expiry,
      bytes: c.bytes.slice(),
    };
  });
}

export async function storeCertificates(tx: Queryable, certs: KnownCertificate[]): Promise<number> {
  if (certs.length === 0) return 0;
  // In hash order, so that concurrent writers of the same new certificates wait on each
  // other in one order instead of in a cycle.
  certs = certs.slice().sort((a, b) => Buffer.compare(a.hash, b.hash));
  const rows = await tx.query(
    `INSERT INTO certificates (hash, wallet_id, issuer_key_id, wallet_key, per_payment_limit, currency, not_before, expiry, bytes)
     SELECT * FROM unnest($1::bytea[], $2::bigint[], $3::bigint[], $4::bytea[], $5::bigint[], $6::int[], $7::bigint[], $8::bigint[], $9::bytea[])
     ON CONFLICT (hash) DO NOTHING RETURNING hash`,
    [
      certs.map((c) => c.hash), certs.map((c) => c.walletId), certs.map((c) => c.issuerKeyId), certs.map((c) => c.walletKey),
      certs.map((c) => c.perPaymentLimit), certs.map((c) => c.currency), certs.map((c) => c.notBefore), certs.map((c) => c.expiry),
      certs.map((c) => c.bytes),
    ],
  );
  return rows.length;
}

export async function loadCertificates(db: Queryable, hashes: Uint8Array[]): Promise<Map<string, KnownCertificate>> {
  const out = new Map<string, KnownCertificate>();
  if (hashes.length === 0) return out;
  const rows = await db.query<{
    hash: Uint8Array; wallet_id: number; issuer_key_id: number; wallet_key: Uint8Array; per_payment_limit: number;
    currency: number; not_before: number; expiry: number; bytes: Uint8Array;
  }>(`SELECT * FROM certificates WHERE hash IN (SELECT decode(h, 'hex') FROM unnest(string_to_array($1, ',')) AS u(h))`,
    [[...new Set(hashes.map(hashHex))].join(',')]);
  for (const r of rows) {
    out.set(hashHex(r.hash), {
      hash: r.hash, walletId: r.wallet_id, issuerKeyId: r.issuer_key_id, walletKey: r.wallet_key, perPaymentLimit: r.per_payment_limit,
      currency: r.currency, notBefore: r.not_before, expiry: r.expiry, bytes: r.bytes,
    });
  }
  return out;
}
