// NFC tag emulation port. The terminal serves one message (the payment request, then
// the receipt) as tag data the wallet reads; the wallet writes its payment into the tag
// and the port reports the complete payload through onWrite. How bytes are laid out in
// tag memory is the implementation's business (hal/espruino/nfc-tag.ts, a Type 2 tag);
// the terminal sees whole messages only.
export interface NfcOptions {
  onWrite(payload: Uint8Array): void;
}

export interface Nfc {
  // Start answering readers with `message`; null stops the emulation (field off).
  serve(message: Uint8Array | null): void;
  close(): void;
}
