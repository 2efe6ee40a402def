import { Problem } from './problem';

// Standard base64 with padding, strictly: Buffer.from(…, 'base64') silently skips junk
// and takes the URL-safe alphabet, so the text must round-trip exactly.
export function decodeBase64(text: string, what: string): Uint8Array {
  const b = Buffer.from(text, 'base64');
  if (b.toString('base64') !== text) throw new Problem(400, 'invalid_request', `${what} is not canonical standard base64`);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function toBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}
