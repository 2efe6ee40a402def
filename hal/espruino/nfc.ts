import { COMMITTED, newTag, tagCommand, tagServe, tagTake } from './nfc-tag';
import { randomBytes } from './rng';

// NFC tag emulation on nRF52 boards (KERB.nfc): NRF.nfcStart with a random 7-byte UID;
// every reader frame arrives in NFCrx and must be answered with NRF.nfcSend within
// ~4.8 ms, so the handler only runs tagCommand (a bounds check and a copy). A completed
// NDEF write is parsed afterwards in a timeout and reported through onWrite. Returns
// the function that serves a message (null: field off).
export function openNfc(onWrite: (payload: Uint8Array) => void): (message: Uint8Array | null) => void {
  const uid = randomBytes(7);
  uid[0] = 0x04; // NXP-style manufacturer byte: readers treat it as an NTAG
  const tag = newTag(uid);
  let on: Uint8Array | null = null; // the message served (the field is on)
  NRF.on('NFCrx', (rx: Uint8Array) => {
    NRF.nfcSend(tagCommand(tag, rx));
    if (tag[COMMITTED]) {
      setTimeout(() => {
        const p = tagTake(tag);
        if (p) onWrite(p);
      }, 0);
    }
  });
  return (message) => {
    tagServe(tag, message);
    if (!message !== !on) message ? NRF.nfcStart(uid) : NRF.nfcStop();
    on = message;
  };
}
