import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Display, DisplayImage } from '../ports/display';
import { glyphRows, CELL_HEIGHT, CELL_WIDTH, GLYPH_HEIGHT, GLYPH_WIDTH } from './font';
import { encodePng } from './png';

// Framebuffer display for the simulator: one byte a pixel holding 0 (paper) or 1 (ink),
// 128×64 by default. It follows Graphics' semantics where the firmware relies on them
// (inclusive rectangles, rotation flags, font alignment), renders to PNG and to the
// terminal, and counts frames so that `kerb sim` can save each one.
export class SimDisplay implements Display {
  width: number;
  height: number;
  pixels: Uint8Array;
  color: number;
  fontScale: number;
  alignX: number;
  alignY: number;
  swapXY: boolean;
  invertX: boolean;
  invertY: boolean;
  frames: number;
  onFlip: ((d: SimDisplay) => void) | null;

  constructor(width?: number, height?: number) {
    this.width = width ?? 128;
    this.height = height ?? 64;
    if (!(this.width > 0 && this.height > 0 && this.width <= 4096 && this.height <= 4096)) throw new Error('display size out of range');
    this.pixels = new Uint8Array(this.width * this.height);
    this.color = 1;
    this.fontScale = 1;
    this.alignX = -1;
    this.alignY = -1;
    this.swapXY = false;
    this.invertX = false;
    this.invertY = false;
    this.frames = 0;
    this.onFlip = null;
  }

  getWidth(): number {
    return this.swapXY ? this.height : this.width;
  }

  getHeight(): number {
    return this.swapXY ? this.width : this.height;
  }

  clear(): void {
    this.pixels.fill(0);
  }

  setColor(c: number): void {
    this.color = c ? 1 : 0;
  }

  // Graphics.setRotation's flags: rotation 1 swaps and inverts x, 2 inverts both, 3
  // swaps and inverts y; reflect then inverts y when swapped, else x.
  setRotation(rotation: number, reflect?: boolean): void {
    const r = rotation & 3;
    this.swapXY = r === 1 || r === 3;
    this.invertX = r === 1 || r === 2;
    this.invertY = r === 2 || r === 3;
    if (reflect) {
      if (this.swapXY) this.invertY = !this.invertY;
      else this.invertX = !this.invertX;
    }
  }

  private plot(x: number, y: number, c: number): void {
    let dx = x;
    let dy = y;
    if (this.swapXY) {
      dx = y;
      dy = x;
    }
    if (this.invertX) dx = this.width - 1 - dx;
    if (this.invertY) dy = this.height - 1 - dy;
    if (dx < 0 || dy < 0 || dx >= this.width || dy >= this.height) return;
    this.pixels[dy * this.width + dx] = c;
  }

  setPixel(x: number, y: number, c?: number): void {
    this.plot(Math.round(x), Math.round(y), c === undefined ? this.color : c ? 1 : 0);
  }

  fillRect(x1: number, y1: number, x2: number, y2: number): void {
    const xa = Math.round(Math.min(x1, x2));
    const xb = Math.round(Math.max(x1, x2));
    const ya = Math.round(Math.min(y1, y2));
    const yb = Math.round(Math.max(y1, y2));
    for (let y = ya; y <= yb; y++) for (let x = xa; x <= xb; x++) this.plot(x, y, this.color);
  }

  setFont(name: string, scale: number): void {
    if (name !== '6x8') throw new Error(`the simulator has only the 6x8 font, not '${name}'`);
    this.fontScale = Math.max(1, Math.floor(scale || 1));
  }

  setFontAlign(x: number, y: number): void {
    this.alignX = x;
    this.alignY = y;
  }

  stringWidth(text: string): number {
    return text.length * CELL_WIDTH * this.fontScale;
  }

  drawString(text: string, x: number, y: number): void {
    const s = this.fontScale;
    const w = this.stringWidth(text);
    const h = CELL_HEIGHT * s;
    const left = Math.round(x - ((this.alignX + 1) * w) / 2);
    const top = Math.round(y - ((this.alignY + 1) * h) / 2);
    for (let i = 0; i < text.length; i++) {
      const rows = glyphRows(text.charCodeAt(i));
      const cx = left + i * CELL_WIDTH * s;
      for (let r = 0; r < GLYPH_HEIGHT; r++) {
        for (let c = 0; c < GLYPH_WIDTH; c++) {
          if (!((rows[r] >> (GLYPH_WIDTH - 1 - c)) & 1)) continue;
          for (let yy = 0; yy < s; yy++) for (let xx = 0; xx < s; xx++) this.plot(cx + c * s + xx, top + r * s + yy, this.color);
        }
      }
    }
  }

  drawImage(image: DisplayImage, x: number, y: number, options?: { scale?: number }): void {
    const { width, height, bpp, buffer } = image;
    if (!(bpp === 1 || bpp === 8)) throw new Error(`the simulator draws 1 or 8 bpp images, not ${bpp}`);
    if (buffer.length * 8 < width * height * bpp) throw new Error('image buffer shorter than its width × height');
    const s = Math.max(1, Math.floor(options?.scale ?? 1));
    const x0 = Math.round(x);
    const y0 = Math.round(y);
    for (let j = 0; j < height; j++) {
      for (let i = 0; i < width; i++) {
        const n = j * width + i;
        // As Graphics: 8 bpp values are colours; 1 bpp draws set bits in the current
        // colour and clear bits in the background colour (paper).
        const c = bpp === 8 ? (buffer[n] ? 1 : 0) : (buffer[n >> 3] >> (7 - (n & 7))) & 1 ? this.color : 0;
        for (let yy = 0; yy < s; yy++) for (let xx = 0; xx < s; xx++) this.plot(x0 + i * s + xx, y0 + j * s + yy, c);
      }
    }
  }

  flip(): void {
    this.frames++;
    if (this.onFlip) this.onFlip(this);
  }

  getPixel(x: number, y: number): number {
    return this.pixels[y * this.width + x];
  }

  // The frame as a PNG: `scale` px per pixel, a `margin` of paper around it (the glass
  // beyond the pixels), paper light and ink dark as on the Pixl.js LCD.
  toPNG(scale?: number, margin?: number): Buffer {
    const s = Math.max(1, Math.floor(scale ?? 4));
    const m = Math.max(0, Math.floor(margin ?? 0));
    const w = (this.width + 2 * m) * s;
    const h = (this.height + 2 * m) * s;
    const gray = new Uint8Array(w * h).fill(255);
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        if (!this.pixels[y * this.width + x]) continue;
        for (let yy = 0; yy < s; yy++) gray.fill(0, ((y + m) * s + yy) * w + (x + m) * s, ((y + m) * s + yy) * w + (x + m + 1) * s);
      }
    }
    return encodePng(w, h, gray);
  }

  // Writes the frame as <dir>/<name>.png and returns the path.
  saveFrame(dir: string, name: string, scale?: number): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name + '.png');
    writeFileSync(path, this.toPNG(scale, 2));
    return path;
  }

  // Saves every frame from now on as <dir>/frame-0001.png, frame-0002.png, ... (on flip).
  recordFrames(dir: string, scale?: number): void {
    let n = 0;
    this.onFlip = (d) => {
      n++;
      d.saveFrame(dir, 'frame-' + String(n).padStart(4, '0'), scale);
    };
  }

  // The frame as text, two pixel rows per line with half blocks. Paper is drawn as the
  // block (the terminal's light foreground) so a QR code on screen keeps dark modules on
  // a light ground and stays scannable from the terminal.
  toTerminal(): string {
    const lines: string[] = [];
    for (let y = 0; y < this.height; y += 2) {
      let line = '';
      for (let x = 0; x < this.width; x++) {
        const top = !this.pixels[y * this.width + x];
        const bottom = y + 1 < this.height ? !this.pixels[(y + 1) * this.width + x] : true;
        line += top ? (bottom ? '█' : '▀') : bottom ? '▄' : ' ';
      }
      lines.push(line);
    }
    return lines.join('\n');
  }
}
