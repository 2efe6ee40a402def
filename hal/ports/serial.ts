// Byte stream for the host link (ECMA-419 serial style). The implementation calls
// onReadable when bytes arrive; read() hands them over (undefined when none are
// pending); write() queues bytes for sending.
export interface SerialOptions {
  onReadable(this: Serial): void;
}

export interface Serial {
  read(): Uint8Array | undefined;
  write(bytes: Uint8Array): void;
  close(): void;
}
