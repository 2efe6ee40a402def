import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateVectors, jsonFields, vectorWorld, type VectorFile } from '../../protocol/kit/vectors';
import { fromHex, toHex, equalBytes } from '../../protocol/bytes';
import { ProtocolError } from '../../protocol/errors';
import { hostCrypto } from '../../protocol/crypto/host';
import { decodeCertificate } from '../../protocol/messages/certificate';
import { decodePayment, paymentSigningInput } from '../../protocol/messages/payment';
import { decodeRecord } from '../../protocol/messages/record';
import { decodeSettings } from '../../protocol/messages/settings';
import { decodeAck } from '../../protocol/messages/ack';
import { recordTag, checkTag, GENESIS_TAG } from '../../protocol/auth';
import { requestFromText } from '../../protocol/text/request-text';
import { CODECS } from './codecs';

const dir = join(__dirname, '..', '..', 'protocol', 'vectors');
const committed = (name: string): VectorFile => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const fresh = generateVectors();

describe('protocol test vectors', () => {
  it('the committed vector files equal a fresh deterministic run (npm run vectors)', () => {
    for (const name of Object.keys(fresh)) expect(committed(name)).toEqual(JSON.parse(JSON.stringify(fresh[name])));
  });

  for (const name of Object.keys(CODECS)) {
    it(`${name}: valid vectors decode to their fields and re-encode to the same bytes; invalid ones give their reason`, () => {
      const codec = CODECS[name];
      const file = committed(name);
      expect(file.vectors.some((v) => v.valid)).toBe(true);
      expect(file.vectors.some((v) => !v.valid)).toBe(true);
      for (const v of file.vectors) {
        const bytes = fromHex(v.hex);
        if (v.valid) {
          const decoded = jsonFields(codec.decode(bytes)) as Record<string, unknown>;
          for (const [k, x] of Object.entries(decoded)) expect(v.fields?.[k], `${v.name}: ${k}`).toEqual(x);
          expect(toHex(codec.reencode(bytes)), v.name).toBe(v.hex);
        } else {
          let err: unknown;
          try { codec.decode(bytes); } catch (e) { err = e; }
          expect(err, v.name).toBeInstanceOf(ProtocolError);
          expect((err as ProtocolError).reason, v.name).toBe(v.reason);
        }
      }
    });
  }

  it('signatures and tags in the vectors verify, and fail when one byte changes', () => {
    const w = vectorWorld();
    const cert = decodeCertificate(fromHex(committed('certificate').vectors[0].hex));
    expect(hostCrypto.verify(cert.signature, cert.bytes.subarray(0, cert.signedLength), w.issuerKey)).toBe(true);
    const signed = cert.bytes.slice(0, cert.signedLength);
    signed[20] ^= 1;
    expect(hostCrypto.verify(cert.signature, signed, w.issuerKey)).toBe(false);

    for (const v of committed('payment').vectors.filter((x) => x.valid)) {
      const p = decodePayment(fromHex(v.hex));
      const input = paymentSigningInput(p, hostCrypto.sha256(cert.bytes));
      expect(toHex(input)).toBe(v.fields?.signingInput);
      expect(hostCrypto.verify(p.signature, input, cert.walletKey)).toBe(true);
    }

    const [r1, r2] = committed('record').vectors.filter((x) => x.valid).map((x) => fromHex(x.hex));
    const t1 = recordTag(hostCrypto, w.authKey, w.request.terminalId, w.request.merchantId, GENESIS_TAG, r1.subarray(0, 137));
    expect(equalBytes(t1, decodeRecord(r1).tag)).toBe(true);
    const t2 = recordTag(hostCrypto, w.authKey, w.request.terminalId, w.request.merchantId, t1, r2.subarray(0, 137));
    expect(equalBytes(t2, decodeRecord(r2).tag)).toBe(true);
    // Record 2 chained to genesis instead of record 1 (record 1 removed) does not verify.
    const skipped = recordTag(hostCrypto, w.authKey, w.request.terminalId, w.request.merchantId, GENESIS_TAG, r2.subarray(0, 137));
    expect(equalBytes(skipped, decodeRecord(r2).tag)).toBe(false);

    const s = fromHex(committed('settings').vectors[0].hex);
    expect(checkTag(hostCrypto, w.authKey, s.subarray(0, s.length - 16), decodeSettings(s).tag)).toBe(true);
    expect(checkTag(hostCrypto, new Uint8Array(32), s.subarray(0, s.length - 16), decodeSettings(s).tag)).toBe(false);
    const a = fromHex(committed('ack').vectors[0].hex);
    expect(checkTag(hostCrypto, w.authKey, a.subarray(0, 26), decodeAck(a).tag)).toBe(true);
  });

  it('the request text form decodes back to the request bytes and fits version-3 QR at level M', () => {
    const v = committed('request').vectors[0];
    const text = v.fields?.text as string;
    expect(text.length).toBeLessThanOrEqual(61);
    expect(/^[0-9A-Z $%*+\-./:]+$/.test(text)).toBe(true);
    expect(toHex(requestFromText(text))).toBe(v.hex);
  });
});
