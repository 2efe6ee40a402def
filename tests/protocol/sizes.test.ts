import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../../protocol/bytes';
import { REQUEST_MAX_BYTES } from '../../protocol/messages/request';
import { PAYMENT_MAX_BYTES } from '../../protocol/messages/payment';
import { RECORD_MAX_BYTES, RECORD_BYTES, RECORD_MAX_EXTENSIONS, TAG_BYTES } from '../../protocol/messages/record';
import { CHALLENGE_BYTES } from '../../protocol/messages/request';
import { PAYMENT_MAX_EXTENSIONS } from '../../protocol/messages/payment';
import { CERT_MAX_EXTENSIONS } from '../../protocol/messages/certificate';
import { Size } from '../../protocol/messages/header';

const first = (name: string, i = 0): Uint8Array =>
  fromHex(JSON.parse(readFileSync(join(__dirname, '..', '..', 'protocol', 'vectors', `${name}.json`), 'utf8')).vectors[i].hex);

describe('message sizes stay within the budgets SPEC.md §2.1 states', () => {
  it('request 37 bytes (≤ 48), certificate 121, payment 219 / 130 (≤ 256), record 153 (≤ 160), receipt 59, ack 42, enrolment 43', () => {
    expect(first('request').length).toBe(37);
    expect(REQUEST_MAX_BYTES).toBe(48);
    expect(first('certificate').length).toBe(121);
    expect(first('payment', 0).length).toBe(219);
    expect(first('payment', 1).length).toBe(130);
    expect(PAYMENT_MAX_BYTES).toBe(256);
    expect(first('record').length).toBe(153);
    expect(RECORD_MAX_BYTES).toBeLessThanOrEqual(160);
    expect(first('receipt').length).toBe(59);
    expect(first('ack').length).toBe(42);
    expect(first('enrolment').length).toBe(43);
    expect(first('settings').length).toBe(47 + 40 + 8);
  });

  it('the exported size constants repeat the codecs\' inlined sizes (messages/header.ts Size)', () => {
    expect([CHALLENGE_BYTES, TAG_BYTES, REQUEST_MAX_BYTES, PAYMENT_MAX_BYTES, PAYMENT_MAX_EXTENSIONS, CERT_MAX_EXTENSIONS])
      .toEqual([Size.CHALLENGE, Size.TAG, Size.REQUEST_MAX, Size.PAYMENT_MAX, Size.PAYMENT_MAX_EXTENSIONS, Size.CERT_MAX_EXTENSIONS]);
    expect([RECORD_BYTES, RECORD_MAX_EXTENSIONS, RECORD_MAX_BYTES])
      .toEqual([Size.RECORD_FIXED + Size.TAG, Size.RECORD_MAX_EXTENSIONS, Size.RECORD_MAX]);
    expect(Size.RECORD_MAX).toBe(Size.RECORD_FIXED + Size.TAG + Size.RECORD_MAX_EXTENSIONS);
  });
});
