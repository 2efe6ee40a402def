import type { Display, DisplayImage } from '../ports/display';

// What this file uses of Graphics beyond the port (Espruino 2v29 reference).
interface PanelGraphics {
  getBPP(): number;
  toColor(r: number, g: number, b: number): number;
  setBgColor(c: number): unknown;
  setColor(c: number): unknown;
  drawImage(image: object, x: number, y: number, options?: object): unknown;
}

// The Display port on Espruino is the board's own Graphics object, so drawing costs no
// wrapper calls: `g` for a panel (Pixl.js 128×64 mono, which needs flip(); Bangle.js 2
// 176×176), or an offscreen 1-bpp buffer (Linux build, tests) whose flip() does nothing.
// The firmware assumes rotation 0.
export function bufferDisplay(width: number, height: number): Display {
  const b = Graphics.createArrayBuffer(width, height, 1, { msb: true }) as unknown as Display;
  b.flip = () => undefined;
  return b;
}

// On a colour panel (Bangle.js 2) the port's 0 and 1 become white and black whatever the
// theme, so that a QR code is always dark on light: setColor, the background colour
// clear() uses, and a palette for images are adapted once here.
export function colourPanel(): Display {
  const panel = g as unknown as PanelGraphics;
  const d = g as unknown as Display;
  const ink = panel.toColor(0, 0, 0);
  const paper = panel.toColor(1, 1, 1);
  const palette = new Uint16Array(256);
  palette[0] = paper;
  palette[1] = ink;
  const setColor = panel.setColor;
  const drawImage = panel.drawImage;
  panel.setBgColor(paper);
  d.setColor = (c: number) => setColor.call(panel, c ? ink : paper);
  d.drawImage = (image: DisplayImage, x: number, y: number, options?: { scale?: number }) =>
    drawImage.call(panel, { width: image.width, height: image.height, bpp: image.bpp, buffer: image.buffer, palette }, x, y, options);
  return d;
}

// The board's panel whatever its depth, or an offscreen buffer (benchmarks and tests;
// a board's bundle picks its display at compile time: hal/espruino/boards.mjs).
export function espruinoDisplay(kind: 'lcd' | 'buffer', width?: number, height?: number): Display {
  if (kind === 'buffer') return bufferDisplay(width ?? 128, height ?? 64);
  return (g as unknown as PanelGraphics).getBPP() > 1 ? colourPanel() : (g as Display);
}
