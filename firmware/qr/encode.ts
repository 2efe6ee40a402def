import { alphanumericSegment, encodeSegment } from './segment';
import type { Segment } from './segment';
import { requestValues } from './request';
import { errorCorrection } from './reed-solomon';
import { buildMatrix, placementFor } from './matrix';
import { BLOCKS_L, BLOCKS_M, ECL_M } from './tables';
import type { Ecl } from './tables';

export interface QrCode {
  version: number;
  ecl: Ecl;
  mode: number;
  size: number;
  // size*size modules, 1 = dark, COLUMN-major: row r, column c is modules[c*size + r].
  // The buffer is reused by the next code of the same version and level.
  modules: Uint8Array;
  serial: number; // which encoding this is: the modules are current while it is the latest
}

let encodings = 0;

// Whether a code's modules are still its own (no code was encoded after it).
export function isLatest(qr: QrCode): boolean {
  return qr.serial === encodings;
}

// Data and EC codewords in transmission order: block by block when there is one block,
// interleaved codeword by codeword when there are two (versions 4 and 5 at level M).
function codewords(data: Uint8Array, version: number, ecl: Ecl): Uint8Array {
  const b = ecl === ECL_M ? BLOCKS_M[version] : BLOCKS_L[version];
  const total = b[0];
  const ecLength = b[1];
  const blocks = b[2];
  const out = new Uint8Array(total);
  if (blocks === 1) {
    out.set(data);
    out.set(errorCorrection(data, ecLength), data.length);
    return out;
  }
  const per = data.length / blocks;
  for (let k = 0; k < blocks; k++) {
    const block = data.subarray(k * per, (k + 1) * per);
    const ec = errorCorrection(block, ecLength);
    for (let i = 0; i < per; i++) out[i * blocks + k] = block[i];
    for (let i = 0; i < ecLength; i++) out[data.length + i * blocks + k] = ec[i];
  }
  return out;
}

function fromSegment(s: Segment): QrCode {
  return {
    version: s.version,
    ecl: s.ecl,
    mode: s.mode,
    size: 17 + 4 * s.version,
    modules: buildMatrix(s.version, s.ecl, codewords(s.data, s.version, s.ecl)),
    serial: ++encodings,
  };
}

// Encodes text (alphanumeric mode when it allows, else byte mode) as the smallest QR
// code up to maxVersion (default 5) at level M, else at level L; fixed mask 2.
export function encodeQr(text: string, maxVersion?: number): QrCode {
  return fromSegment(encodeSegment(text, maxVersion));
}

// The same code as encodeQr(requestToText(request)), without building the text.
export function encodeRequestQr(request: Uint8Array, maxVersion?: number): QrCode {
  return fromSegment(alphanumericSegment(requestValues(request), maxVersion));
}

export function isDark(qr: QrCode, row: number, column: number): boolean {
  return qr.modules[column * qr.size + row] === 1;
}

// Builds (and keeps) the placement table for a version and level ahead of the first
// code, e.g. at boot: version 3 at level M for payment requests on a 128×64 panel.
export function prepareQr(version: number, ecl: Ecl): void {
  placementFor(version, ecl);
}
