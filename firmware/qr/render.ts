import type { Display } from '../../hal/ports/display';
import { encodeRequestQr, last } from './encode';
import type { QrCode } from './encode';
import { MAX_VERSION } from './tables';

// Draws the code with its top-left module at (x, y), `scale` pixels per module, in one
// native drawImage: the matrix is column-major, so the display is switched to swapped
// x/y (Graphics.setRotation(3, true)) while the 8-bpp module buffer is drawn, which
// transposes it back. Modules are 0 (paper) and 1 (ink), drawn opaque.
export function drawQr(g: Display, qr: QrCode, x: number, y: number, scale: number): void {
  g.setRotation(3, true);
  g.drawImage({ width: qr.size, height: qr.size, bpp: 8, buffer: qr.modules }, y, x, { scale });
  g.setRotation(0, false);
}

// The last request drawn (its text, or its bytes: the terminal makes a new array per
// sale and never changes it) and its code: screens redraw on every state change, and
// redrawing the same request then costs the drawing alone while no other code was made.
let lastRequest: string | Uint8Array | null = null;
let lastCode: QrCode | null = null;

// The payment request screen's QR: as large as fits a square as high as the display with
// at least 2 px of quiet zone on each side, at 2 px a module or more when the text
// allows (on a 128×64 panel: up to version 3, 58 px, which holds any request text),
// centred in that square whose top-left corner is (x, y). The request comes as its
// text (alphanumeric) or, cheaper, as its bytes (see encodeRequestQr).
export function drawRequestQr(g: Display, request: string | Uint8Array, x: number, y: number): QrCode {
  const side = Math.min(g.getWidth(), g.getHeight());
  let top = MAX_VERSION;
  while (top > 1 && (17 + 4 * top) * 2 + 4 > side) top--;
  let qr = lastCode;
  if (!qr || request !== lastRequest || qr.version > top || qr !== last) {
    qr = lastCode = encodeRequestQr(request, top);
    lastRequest = request;
  }
  const scale = Math.max(1, Math.floor((side - 4) / qr.size));
  const at = (side - qr.size * scale) >> 1;
  drawQr(g, qr, x + at, y + at, scale);
  return qr;
}
