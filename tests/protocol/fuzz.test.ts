import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex, toHex } from '../../protocol/bytes';
import { ProtocolError } from '../../protocol/errors';
import { requestFromText } from '../../protocol/text/request-text';
import { base45Decode, base45Encode } from '../../protocol/text/base45';
import { CODECS, type Codec } from './codecs';

const SEED = 20261121;

// A decoder may only return a message whose canonical re-encoding is the input, or throw
// a ProtocolError. Anything else (RangeError, TypeError, a non-canonical accept) fails.
function checkDecoder(codec: Codec, bytes: Uint8Array): void {
  let decoded = false;
  try {
    codec.decode(bytes);
    decoded = true;
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw new Error(`non-protocol exception on ${toHex(bytes)}: ${e}`);
    expect(typeof e.reason).toBe('number');
  }
  if (decoded) expect(toHex(codec.reencode(bytes))).toBe(toHex(bytes));
}

const validOf = (name: string): Uint8Array[] =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'protocol', 'vectors', `${name}.json`), 'utf8'))
    .vectors.filter((v: { valid: boolean }) => v.valid).map((v: { hex: string }) => fromHex(v.hex));

const mutation = (seeds: Uint8Array[]) => fc.tuple(
  fc.constantFrom(...seeds),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 }), fc.nat(255)), { minLength: 1, maxLength: 6 }),
).map(([seed, edits]) => {
  let b = Array.from(seed);
  for (const [pos, kind, val] of edits) {
    const at = b.length ? pos % b.length : 0;
    if (kind === 0) b[at] ^= 1 << (val % 8); // bit flip
    else if (kind === 1) b[at] = val; // byte set
    else if (kind === 2) b.splice(at, 1); // drop
    else if (kind === 3) b.splice(at, 0, val); // insert
    else b = b.slice(0, at); // truncate
  }
  return new Uint8Array(b);
});

describe('codecs under random and mutated input', () => {
  for (const [name, codec] of Object.entries(CODECS)) {
    it(`${name}: random bytes give a ProtocolError or a canonical message`, () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => checkDecoder(codec, b)), { seed: SEED, numRuns: 1500 });
      // Random bytes behind a correct header reach the field checks, not just the type test.
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const withHeader = new Uint8Array(b.length + 2);
        withHeader.set(validOf(name)[0].subarray(0, 2));
        withHeader.set(b, 2);
        checkDecoder(codec, withHeader);
      }), { seed: SEED, numRuns: 1500 });
    });

    it(`${name}: mutated valid messages give a ProtocolError or a canonical message`, () => {
      fc.assert(fc.property(mutation(validOf(name)), (b) => checkDecoder(codec, b)), { seed: SEED, numRuns: 3000 });
    });
  }

  it('base45 round-trips any bytes and rejects strings outside its alphabet with a ProtocolError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      expect(toHex(base45Decode(base45Encode(b)))).toBe(toHex(b));
    }), { seed: SEED, numRuns: 2000 });
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      try {
        requestFromText(s);
      } catch (e) {
        expect(e).toBeInstanceOf(ProtocolError);
      }
    }), { seed: SEED, numRuns: 2000 });
  });

  it('base45 matches the RFC 9285 examples', () => {
    const enc = (s: string) => base45Encode(new TextEncoder().encode(s));
    expect(enc('AB')).toBe('BB8');
    expect(enc('Hello!!')).toBe('%69 VD92EX0');
    expect(enc('base-45')).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(base45Decode('QED8WEX0'))).toBe('ietf!');
    expect(() => base45Decode('GGW')).toThrow(ProtocolError); // 65535 < value: out of range
  });
});
