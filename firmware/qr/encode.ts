import { alphanumericSegment, alphanumericValues, encodeSegment } from './segment';
import { fail } from '../../protocol/errors';
import type { Segment } from './segment';
import { requestValues } from './request';
import { errorCorrection, prepareEc } from './reed-solomon';
import { buildMatrix, placementFor } from './matrix';
import { blockCount, CAPACITY, FORMAT_L, FORMAT_M, TOTAL } from './tables';
import type { Ecl } from './tables';

export interface QrCode extends Segment {
  size: number;
  // size*size modules, 1 = dark, COLUMN-major: row r, column c is modules[c*size + r].
  // The buffer is reused by the next code of the same version.
  modules: Uint8Array;
  serial: number; // which encoding this is: the modules are current while it is the latest
}

let encodings = 0;

// Whether a code's modules are still its own (no code was encoded after it).
export function isLatest(qr: QrCode): boolean {
  return qr.serial === encodings;
}

// The format words of mask 2 at M and at L, as the native lookup reads them.
const FORMATS = [new Uint16Array([FORMAT_M]), new Uint16Array([FORMAT_L])];

// The segment's code: data and EC codewords in transmission order (block by block when
// there is one block, interleaved codeword by codeword when there are two: versions 4
// and 5 at level M), placed in the module matrix.
function toCode(s: Segment): QrCode {
  const version = s.version;
  const ecl = s.ecl;
  const data = s.data;
  const blocks = blockCount(version, ecl);
  const length = data.length;
  const out = new Uint8Array(TOTAL[version]);
  const ecLength = (out.length - length) / blocks;
  if (blocks === 1) {
    out.set(data);
    out.set(errorCorrection(data, ecLength), length);
  } else {
    const per = length / blocks;
    for (let k = 0; k < blocks; k++) {
      const block = data.subarray(k * per, (k + 1) * per);
      const ec = errorCorrection(block, ecLength);
      for (let i = 0; i < per; i++) out[i * blocks + k] = block[i];
      for (let i = 0; i < ecLength; i++) out[length + i * blocks + k] = ec[i];
    }
  }
  const qr = s as QrCode;
  qr.size = 17 + 4 * version;
  qr.modules = buildMatrix(version, FORMATS[ecl], out);
  qr.serial = ++encodings;
  return qr;
}

// Encodes Latin-1 text (alphanumeric mode when it allows, else byte mode) as the
// smallest QR code up to maxVersion (default 5) at level M, else at level L; mask 2.
export function encodeQr(text: string, maxVersion?: number): QrCode {
  return toCode(encodeSegment(text, maxVersion));
}

// The payment request's code, from its bytes (cheaper: see request.ts) or its text
// ("KERB:" + Base45, alphanumeric): the same code as encodeQr(text, top).
export function encodeRequestQr(request: Uint8Array | string, top: number): QrCode {
  const values = typeof request === 'string' ? alphanumericValues(request) : requestValues(request);
  return toCode(alphanumericSegment(values || fail('request text must be alphanumeric'), top));
}

export function isDark(qr: QrCode, row: number, column: number): boolean {
  return qr.modules[column * qr.size + row] === 1;
}

// Builds (and keeps) the placement table for a version and the EC generator for a level
// ahead of the first code, e.g. at boot: version 3 at level M for payment requests on a
// 128×64 panel.
export function prepareQr(version: number, ecl: Ecl): void {
  placementFor(version);
  prepareEc((TOTAL[version] - CAPACITY[ecl][version]) / blockCount(version, ecl));
}
