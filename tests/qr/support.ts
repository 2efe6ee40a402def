// Shared by the QR tests: random payment requests from a seeded PRNG, the QR screen as
// the terminal draws it, and the framebuffer as images for the decoders.
import { spawnSync } from 'node:child_process';
import jsQR from 'jsqr';
import { encodeRequest } from '../../protocol/messages/request';
import { requestFromText, requestToText } from '../../protocol/text/request-text';
import { Prng } from '../../hal/sim/prng';
import { SimDisplay } from '../../hal/sim/display';
import { drawRequestQr } from '../../firmware/qr/render';
import type { QrCode } from '../../firmware/qr/encode';

export function randomRequestText(rng: Prng): string {
  const u32 = () => (rng.int(0x10000) * 0x10000 + rng.int(0x10000)) >>> 0;
  const challenge = new Uint8Array(16);
  for (let i = 0; i < 16; i++) challenge[i] = rng.int(256);
  // One request in five carries a (non-critical) extension, up to the 48-byte maximum.
  let extensions = new Uint8Array(0);
  if (rng.int(5) === 0) {
    const len = rng.int(10);
    extensions = new Uint8Array(2 + len);
    extensions[0] = 1 + rng.int(0x7f);
    extensions[1] = len;
    for (let i = 0; i < len; i++) extensions[2 + i] = rng.int(256);
  }
  return requestToText(encodeRequest({
    terminalId: u32() || 1,
    merchantId: u32() || 1,
    amount: rng.int(4) === 0 ? u32() || 1 : 1 + rng.int(100000),
    currency: [978, 840, 826, 392, 756][rng.int(5)],
    challenge,
    requestCounter: u32(),
    extensions,
  }));
}

// The QR screen of the terminal (firmware/terminal/screens.ts): the code at the top-left
// corner, the amount and prompts on the right.
export function drawQrScreen(d: SimDisplay, text: string, amount: string): QrCode {
  d.clear();
  d.setColor(1);
  const qr = drawRequestQr(d, requestFromText(text), 0, 0);
  d.setFont('6x8', amount.length > 5 ? 1 : 2);
  d.setFontAlign(0, -1);
  d.drawString(amount, 98, 8);
  d.setFont('6x8', 1);
  d.drawString('EUR', 98, 30);
  d.drawString('TAP or', 98, 44);
  d.drawString('SCAN', 98, 54);
  d.flip();
  return qr;
}

// The frame as RGBA for jsQR, paper white and ink black, with `margin` pixels of paper
// around it (the unlit glass around the Pixl.js pixels).
export function frameRgba(d: SimDisplay, margin: number): { data: Uint8ClampedArray; width: number; height: number } {
  const width = d.width + 2 * margin;
  const height = d.height + 2 * margin;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < d.height; y++) {
    for (let x = 0; x < d.width; x++) {
      if (!d.getPixel(x, y)) continue;
      const o = ((y + margin) * width + x + margin) * 4;
      data[o] = data[o + 1] = data[o + 2] = 0;
    }
  }
  return { data, width, height };
}

export function decodeWithJsQr(d: SimDisplay, margin: number): string | null {
  const f = frameRgba(d, margin);
  const r = jsQR(f.data, f.width, f.height, { inversionAttempts: 'dontInvert' });
  return r ? r.data : null;
}

export const HAS_ZBAR = spawnSync('zbarimg', ['--version']).status === 0;

// Decodes many PNG files with one zbarimg run; the text per file, null where none.
export function decodeWithZbar(files: string[]): (string | null)[] {
  const r = spawnSync('zbarimg', ['--xml', '-q', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const found = new Map<string, string>();
  const re = /<source href='([^']*)'>[\s\S]*?<data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g;
  for (let m = re.exec(r.stdout); m; m = re.exec(r.stdout)) found.set(m[1], m[2]);
  return files.map((f) => found.get(f) ?? null);
}
