// Display port: the subset of Espruino's Graphics the firmware draws with, so that on the
// device the board's own Graphics object (`g`, or an offscreen buffer) IS the port and
// costs no wrapper calls. hal/sim/display.ts implements it over a framebuffer.
// Colours: 0 paper, 1 ink. Coordinates are pixels from the top-left corner; rectangles
// are inclusive of both corners, as in Graphics.fillRect.

// A bitmap: `bpp` bits per pixel, rows packed one after another MSB-first. 8 bpp: one
// byte a pixel, its value the colour; 1 bpp: set bits in the current colour, clear bits
// in paper (Graphics' background colour).
export interface DisplayImage {
  width: number;
  height: number;
  bpp: number;
  buffer: Uint8Array;
}

export interface Display {
  getWidth(): number;
  getHeight(): number;
  clear(): unknown;
  setColor(c: number): unknown;
  fillRect(x1: number, y1: number, x2: number, y2: number): unknown;
  setPixel(x: number, y: number, c?: number): unknown;
  // Only the 6×8 font is used; scale multiplies its cell (6×8 per character at 1).
  setFont(name: string, scale: number): unknown;
  // -1 left/top, 0 centre, 1 right/bottom of the string at (x, y).
  setFontAlign(x: number, y: number): unknown;
  drawString(text: string, x: number, y: number): unknown;
  drawImage(image: DisplayImage, x: number, y: number, options?: { scale?: number }): unknown;
  // Graphics.setRotation: 0..3 quarter turns, reflect mirrors; (3, true) swaps x and y,
  // which the QR renderer uses to draw a column-major matrix.
  setRotation(rotation: number, reflect?: boolean): unknown;
  // Pushes the frame to the panel (Pixl.js LCD); a no-op where drawing is direct.
  flip(): unknown;
}
