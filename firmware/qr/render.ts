import type { Display } from '../../hal/ports/display';
import { encodeRequestQr, last, lastRequest } from './encode';
import type { QrCode } from './encode';
import { MAX_VERSION } from './tables';

// The payment request screen's QR: as large as fits a square as high as the display with
// at least 2 px of quiet zone on each side, at 2 px a module or more when the text
// allows (on a 128×64 panel: up to version 3, 58 px, which holds any request text),
// centred in that square whose top-left corner is (x, y). The request comes as its bytes
// (see encodeRequestQr); screens redraw on every state change, and redrawing the same
// request (the terminal makes a new array per sale and never changes it) costs the
// drawing alone while its code is still the last one made.
//
// One native drawImage: the matrix is column-major, so the display is switched to
// swapped x/y (Graphics.setRotation(3, true)) while the 8-bpp module buffer is drawn,
// which transposes it back. Modules are 0 (paper) and 1 (ink), drawn opaque.
export function drawRequestQr(g: Display, request: Uint8Array, x: number, y: number): QrCode {
  const side = Math.min(g.getWidth(), g.getHeight());
  const top = Math.max(1, Math.min(MAX_VERSION, (side - 38) >> 3)); // (17 + 4 * top) * 2 + 4 <= side
  let qr = last;
  if (!qr || request !== lastRequest || qr.version > top) qr = encodeRequestQr(request, top);
  const size = qr.size;
  const scale = Math.max(1, ((side - 4) / size) | 0);
  const at = (side - size * scale) >> 1;
  g.setRotation(3, true);
  g.drawImage({ width: size, height: size, bpp: 8, buffer: qr.modules }, y + at, x + at, { scale });
  g.setRotation(0);
  return qr;
}
