// Flash port with NOR semantics, modelled on jacdac-c's flash contract. Erased bytes
// read 0xFF; programming can only clear bits, so a byte is programmed once between
// erases. Addresses are byte offsets from the start of the device (page * pageSize + offset).
export interface FlashGeometry {
  pageSize: number;
  pageCount: number;
  // Programs must start at a multiple of writeAlign and cover a multiple of it.
  writeAlign: number;
}

export interface Flash {
  geometry: FlashGeometry;
  read(address: number, length: number): Uint8Array;
  // Only clears bits: programming a non-erased byte to a different value throws.
  program(address: number, data: Uint8Array): void;
  // Sets every byte of the page to 0xFF.
  erasePage(page: number): void;
  // Makes earlier programs and erases durable where the implementation buffers them.
  sync?(): void;
}

// Integrity check over bytes (CRC-32, IEEE). Injected so the device can use its native
// E.CRC32 while Node uses a JS table; storage code never depends on crypto.
export type Crc32 = (bytes: Uint8Array) => number;
