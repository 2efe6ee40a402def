import type { Nfc, NfcOptions } from '../ports/nfc';

// NFC injector: a test (or the wallet kit in kerb sim) reads what the terminal serves
// and writes a payment as a wallet's phone would, without the tag-memory layer.
export class SimNfc implements Nfc {
  options: NfcOptions;
  served: Uint8Array | null;
  constructor(options: NfcOptions) {
    this.options = options;
    this.served = null;
  }
  serve(message: Uint8Array | null): void {
    this.served = message ? new Uint8Array(message) : null;
  }
  // What a wallet held to the terminal reads now (null when the field is off).
  read(): Uint8Array | null {
    return this.served;
  }
  // The wallet writes its payment; returns what the terminal serves afterwards.
  write(payload: Uint8Array): Uint8Array | null {
    if (!this.served) return null;
    this.options.onWrite(new Uint8Array(payload));
    return this.served;
  }
  close(): void {
    this.served = null;
  }
}
