import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { ESPRUINO, ESPRUINO_SKIP_REASON, runEspruino } from '../support/espruino';
import { qrDeviceBundle } from '../../tools/bench/qr';
import { encodeQr, isDark } from '../../firmware/qr/encode';

// The encoder and renderer as bundled for the device, run in the real interpreter: the
// request is built there, drawn into a 128×64 1-bpp Graphics buffer (E.mapInPlace,
// setRotation-transposed drawImage), dumped as hex and decoded here.
const name = ESPRUINO ? 'QR codes drawn by the real Espruino interpreter' : `QR codes in the real interpreter (SKIPPED: ${ESPRUINO_SKIP_REASON})`;

// Decodes a dumped Graphics buffer (`bpp` bits a pixel, MSB first); `ink` tells which
// pixel values are dark.
function decodeBuffer(hex: string, w: number, h: number, bpp: number, ink: (v: number) => boolean): string | null {
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const bit = (y * w + x) * bpp;
      const byte = parseInt(hex.substr((bit >> 3) * 2, 2), 16);
      if (ink((byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1))) {
        const o = (y * w + x) * 4;
        rgba[o] = rgba[o + 1] = rgba[o + 2] = 0;
      }
    }
  }
  const r = jsQR(rgba, w, h, { inversionAttempts: 'dontInvert' });
  return r ? r.data : null;
}

const DUMP = `var b = new Uint8Array(D.buffer); var h = ''; for (var i = 0; i < b.length; i++) h += (b[i] + 256).toString(16).substr(1);`;

describe(name, () => {
  it.skipIf(!ESPRUINO)('renders 8 payment requests that jsQR decodes to the text the device built, modules equal to Node\'s', async () => {
    const bundle = await qrDeviceBundle();
    const run = runEspruino(`${bundle}
var D = Q.display();
var C = new Uint8Array(16);
for (var k = 0; k < 8; k++) {
  for (var i = 0; i < 16; i++) C[i] = (k * 53 + i * 29) & 255;
  var b = Q.bytes(C, 100 * k + 1);
  var t = Q.text(b);
  D.clear();
  var q = Q.draw(D, b);
  D.flip();
  ${DUMP}
  out(t + '|' + q.version + '|' + h);
}
quit();
`, { timeoutMs: 120_000 });
    expect(run.lines.length).toBe(8);
    for (const line of run.lines) {
      const [text, version, hex] = line.split('|');
      expect(version).toBe('3');
      expect(decodeBuffer(hex, 128, 64, 1, (v) => v === 1)).toBe(text);
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

  it.skipIf(!ESPRUINO)('draws dark on light on a colour panel whatever its theme (Bangle.js 2 stand-in: a 4-bpp g, dark theme)', async () => {
    const bundle = await qrDeviceBundle();
    const run = runEspruino(`var g = Graphics.createArrayBuffer(176, 176, 4, { msb: true });
g.flip = function () {};
${bundle}
var D = Q.panel();
var C = new Uint8Array(16);
for (var i = 0; i < 16; i++) C[i] = i * 11;
var b = Q.bytes(C, 4200);
var t = Q.text(b);
D.clear();
var q = Q.draw(D, b);
D.setColor(1);
D.fillRect(170, 170, 175, 175);
out(g.toColor(0, 0, 0) + '|' + g.getPixel(0, 0) + '|' + g.getPixel(172, 172));
${DUMP}
out(t + '|' + q.version + '|' + h);
quit();
`, { timeoutMs: 120_000 });
    const [black, corner, inked] = run.lines[0].split('|').map(Number);
    expect(corner).not.toBe(black); // cleared to paper (white)
    expect(inked).toBe(black); // colour 1 is ink (black)
    const [text, , hex] = run.lines[1].split('|');
    expect(decodeBuffer(hex, 176, 176, 4, (v) => v === black)).toBe(text);
  });
});
