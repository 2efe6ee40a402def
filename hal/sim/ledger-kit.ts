import type { Crypto } from '../../protocol/crypto/port';
import { tag16 } from '../../protocol/auth';
import { encodeEnrolment, type Enrolment } from '../../protocol/messages/enrolment';
import { encodeSettings, encodeSettingsBody, type Settings } from '../../protocol/messages/settings';
import { encodeAck, encodeAckBody } from '../../protocol/messages/ack';
import { TAG_BYTES } from '../../protocol/messages/record';

// What a ledger sends a terminal, made here for the simulator and tests: an enrolment,
// MACed settings and MACed acknowledgements under the terminal's key.
export function makeEnrolment(e: Omit<Enrolment, 'extensions'>): Uint8Array {
  return encodeEnrolment({ terminalId: e.terminalId, merchantId: e.merchantId, authKey: e.authKey, extensions: new Uint8Array(0) });
}

export type SettingsFields = Omit<Settings, 'tag' | 'extensions'> & { extensions?: Uint8Array };

export function makeSettings(crypto: Crypto, authKey: Uint8Array, s: SettingsFields): Uint8Array {
  const full: Settings = { ...s, extensions: s.extensions ?? new Uint8Array(0), tag: new Uint8Array(TAG_BYTES) };
  full.tag = tag16(crypto, authKey, encodeSettingsBody(full));
  return encodeSettings(full);
}

export function makeAck(crypto: Crypto, authKey: Uint8Array, terminalId: number, throughSeq: number, recordTag: Uint8Array): Uint8Array {
  const a = { terminalId, throughSeq, recordTag, tag: new Uint8Array(TAG_BYTES) as Uint8Array };
  a.tag = tag16(crypto, authKey, encodeAckBody(a));
  return encodeAck(a);
}
