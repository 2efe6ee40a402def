import type { Nfc, NfcOptions } from '../ports/nfc';
import { Type2Tag } from './nfc-tag';

// NFC tag emulation on nRF52 boards (Pixl.js, Puck.js): NRF.nfcStart with a 7-byte
// UID, every reader frame arrives in NFCrx and must be answered with NRF.nfcSend within
// ~4.8 ms, so the handler only runs Type2Tag.command (a copy and a bounds check). A
// completed NDEF write is parsed afterwards in a timeout and reported through onWrite.
export class EspruinoNfc implements Nfc {
  tag: Type2Tag;
  on: boolean;
  uid: Uint8Array;
  constructor(options: NfcOptions, uid: Uint8Array) {
    this.uid = uid;
    const tag = new Type2Tag(uid);
    this.tag = tag;
    this.on = false;
    NRF.on('NFCrx', (rx: Uint8Array) => {
      NRF.nfcSend(tag.command(rx));
      if (tag.committed) {
        setTimeout(() => {
          const p = tag.take();
          if (p) options.onWrite(p);
        }, 0);
      }
    });
  }
  serve(message: Uint8Array | null): void {
    this.tag.serve(message);
    if (message && !this.on) NRF.nfcStart(this.uid);
    if (!message && this.on) NRF.nfcStop();
    this.on = !!message;
  }
  close(): void {
    NRF.removeAllListeners('NFCrx');
    if (this.on) NRF.nfcStop();
    this.on = false;
  }
}
