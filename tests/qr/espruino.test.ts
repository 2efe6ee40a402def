import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { ESPRUINO, ESPRUINO_SKIP_REASON, runEspruino } from '../support/espruino';
import { qrDeviceBundle } from '../../tools/bench/qr';
import { encodeQr, isDark } from '../../firmware/qr/encode';

// The encoder and renderer as bundled for the device, run in the real interpreter: the
// request is built there, drawn into a 128×64 1-bpp Graphics buffer (E.mapInPlace,
// setRotation-transposed drawImage), dumped as hex and decoded here.
const name = ESPRUINO ? 'QR codes drawn by the real Espruino interpreter' : `QR codes in the real interpreter (SKIPPED: ${ESPRUINO_SKIP_REASON})`;

function decodeBuffer(hex: string): string | null {
  const w = 128;
  const h = 64;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const byte = parseInt(hex.substr((y * 16 + (x >> 3)) * 2, 2), 16);
      if ((byte >> (7 - (x & 7))) & 1) {
        const o = (y * w + x) * 4;
        rgba[o] = rgba[o + 1] = rgba[o + 2] = 0;
      }
    }
  }
  const r = jsQR(rgba, w, h, { inversionAttempts: 'dontInvert' });
  return r ? r.data : null;
}

describe(name, () => {
  it.skipIf(!ESPRUINO)('renders 8 payment requests that jsQR decodes to the text the device built, modules equal to Node\'s', async () => {
    const bundle = await qrDeviceBundle();
    const run = runEspruino(`${bundle}
var D = Q.display();
var C = new Uint8Array(16);
for (var k = 0; k < 8; k++) {
  for (var i = 0; i < 16; i++) C[i] = (k * 53 + i * 29) & 255;
  var t = Q.request(C, 100 * k + 1);
  D.clear();
  var q = Q.draw(D, t);
  D.flip();
  var b = new Uint8Array(D.buffer);
  var h = '';
  for (var i = 0; i < b.length; i++) h += (b[i] + 256).toString(16).substr(1);
  out(t + '|' + q.version + '|' + h);
}
quit();
`, { timeoutMs: 120_000 });
    expect(run.lines.length).toBe(8);
    for (const line of run.lines) {
      const [text, version, hex] = line.split('|');
      expect(version).toBe('3');
      expect(decodeBuffer(hex)).toBe(text);
      // Same modules as the Node build: the top-left module of the code is at (3, 3).
      const qr = encodeQr(text, 3);
      for (let r = 0; r < qr.size; r++) {
        for (let c = 0; c < qr.size; c++) {
          const x = 3 + 2 * c;
          const y = 3 + 2 * r;
          const px = (parseInt(hex.substr((y * 16 + (x >> 3)) * 2, 2), 16) >> (7 - (x & 7))) & 1;
          expect(px, `module ${r},${c}`).toBe(isDark(qr, r, c) ? 1 : 0);
        }
      }
    }
  });
});
