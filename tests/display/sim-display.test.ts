import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { SimDisplay } from '../../hal/sim/display';
import { glyphRows } from '../../hal/sim/font';
import { drawRequestQr } from '../../firmware/qr/render';
import { encodeQr, isDark } from '../../firmware/qr/encode';

function lit(d: SimDisplay): number {
  let n = 0;
  for (const p of d.pixels) n += p;
  return n;
}

describe('simulated display', () => {
  it('is 128×64 by default, any size on request, and refuses nonsense sizes', () => {
    const d = new SimDisplay();
    expect([d.getWidth(), d.getHeight()]).toEqual([128, 64]);
    expect(new SimDisplay(176, 176).pixels.length).toBe(176 * 176);
    expect(() => new SimDisplay(0, 10)).toThrow();
  });

  it('fills rectangles inclusively, in either corner order, clipped to the panel', () => {
    const d = new SimDisplay(16, 8);
    d.fillRect(2, 1, 4, 3);
    expect(lit(d)).toBe(9);
    d.clear();
    d.fillRect(4, 3, 2, 1);
    expect(lit(d)).toBe(9);
    d.fillRect(-5, -5, 100, 100);
    expect(lit(d)).toBe(128);
    d.setColor(0);
    d.setPixel(0, 0);
    expect(d.getPixel(0, 0)).toBe(0);
  });

  it('draws its own 5×7 glyphs in 6×8 cells, scaled and aligned', () => {
    for (let c = 32; c < 127; c++) {
      const rows = glyphRows(c);
      expect(rows.length).toBe(7);
      expect(rows.every((r) => r >= 0 && r < 32)).toBe(true);
    }
    expect(glyphRows(0x41)).not.toEqual(glyphRows(0x42));
    const d = new SimDisplay(32, 16);
    d.setFont('6x8', 1);
    d.drawString('I', 0, 0);
    // 'I': a bar across the top and bottom rows, a stem in the middle column.
    expect([1, 2, 3].map((x) => d.getPixel(x, 0))).toEqual([1, 1, 1]);
    expect(d.getPixel(2, 3)).toBe(1);
    expect(d.getPixel(0, 3)).toBe(0);
    const one = lit(d);
    d.clear();
    d.setFont('6x8', 2);
    d.drawString('I', 0, 0);
    expect(lit(d)).toBe(4 * one);
    d.clear();
    d.setFont('6x8', 1);
    d.setFontAlign(0, -1);
    d.drawString('II', 16, 0); // 12 px wide, centred on x = 16: cells start at 10 and 16
    expect(d.getPixel(12, 3)).toBe(1);
    expect(d.getPixel(18, 3)).toBe(1);
    expect(() => d.setFont('4x6', 1)).toThrow(/6x8/);
  });

  it('follows Graphics.setRotation: (3, true) swaps x and y', () => {
    const d = new SimDisplay(16, 8);
    d.setRotation(3, true);
    expect([d.getWidth(), d.getHeight()]).toEqual([8, 16]);
    d.setPixel(5, 2);
    d.setRotation(0);
    expect(d.getPixel(2, 5)).toBe(1);
    d.clear();
    d.setRotation(2);
    d.setPixel(0, 0);
    d.setRotation(0);
    expect(d.getPixel(15, 7)).toBe(1);
  });

  it('draws 8-bpp images as colours and 1-bpp images as current colour on paper, scaled', () => {
    const d = new SimDisplay(16, 8);
    d.fillRect(0, 0, 15, 7);
    d.drawImage({ width: 2, height: 1, bpp: 8, buffer: new Uint8Array([0, 1]) }, 1, 1, { scale: 2 });
    expect([d.getPixel(1, 1), d.getPixel(2, 2), d.getPixel(3, 1), d.getPixel(4, 2)]).toEqual([0, 0, 1, 1]);
    d.fillRect(0, 0, 15, 7);
    d.drawImage({ width: 8, height: 1, bpp: 1, buffer: new Uint8Array([0b10000001]) }, 0, 0);
    expect([d.getPixel(0, 0), d.getPixel(1, 0), d.getPixel(7, 0), d.getPixel(8, 0)]).toEqual([1, 0, 1, 1]);
    expect(() => d.drawImage({ width: 4, height: 4, bpp: 8, buffer: new Uint8Array(3) }, 0, 0)).toThrow(/shorter/);
  });

  it('draws a QR code transposed back from its column-major matrix', () => {
    const d = new SimDisplay();
    // A 64 px square at (5, 2): version 3 (29 modules) at 2 px a module, 3 px in.
    const qr = drawRequestQr(d, new Uint8Array(37).map((_, i) => i * 7), 5, 2);
    expect([qr.version, qr.size]).toEqual([3, 29]);
    for (let r = 0; r < qr.size; r++) {
      for (let c = 0; c < qr.size; c++) expect(d.getPixel(8 + 2 * c + 1, 5 + 2 * r + 1)).toBe(isDark(qr, r, c) ? 1 : 0);
    }
  });

  it('redraws the same request without encoding it again, but not once another code was encoded', () => {
    const d = new SimDisplay();
    const text = new Uint8Array(37).map((_, i) => i * 7); // a request's bytes: 61 characters, 3-M
    const a = drawRequestQr(d, text, 0, 0);
    const before = new Uint8Array(d.pixels);
    d.clear();
    const b = drawRequestQr(d, text, 0, 0);
    expect(b).toBe(a);
    expect(d.pixels).toEqual(before);
    encodeQr('KERB:' + 'CD'.repeat(28), 3);
    d.clear();
    const c = drawRequestQr(d, text, 0, 0);
    expect(c).not.toBe(a);
    expect(d.pixels).toEqual(before);
  });

  it('writes PNG frames (paper white, ink black, scaled, with a margin) and saves them', () => {
    const d = new SimDisplay(10, 6);
    d.setPixel(3, 2);
    const png = PNG.sync.read(d.toPNG(2, 1));
    expect([png.width, png.height]).toEqual([24, 16]);
    const at = (x: number, y: number) => png.data[(y * png.width + x) * 4];
    expect(at((3 + 1) * 2, (2 + 1) * 2)).toBe(0);
    expect(at((3 + 1) * 2 + 1, (2 + 1) * 2 + 1)).toBe(0);
    expect(at(0, 0)).toBe(255);
    const path = d.saveFrame(mkdtempSync(join(tmpdir(), 'kerb-frames-')), 'qr');
    expect(PNG.sync.read(readFileSync(path)).width).toBe((10 + 4) * 4);
  });

  it('renders to the terminal with half blocks, paper as the light block', () => {
    const d = new SimDisplay(4, 4);
    d.setPixel(0, 0); // ink top only
    d.setPixel(1, 1); // ink bottom only
    d.fillRect(2, 0, 2, 1); // ink both
    expect(d.toTerminal().split('\n')).toEqual(['▄▀ █', '████']);
  });

  it('records every flipped frame into a folder', () => {
    const d = new SimDisplay();
    const dir = mkdtempSync(join(tmpdir(), 'kerb-record-'));
    d.recordFrames(dir, 1);
    d.flip();
    d.setPixel(1, 1);
    d.flip();
    expect(readdirSync(dir).sort()).toEqual(['frame-0001.png', 'frame-0002.png']);
    expect(PNG.sync.read(readFileSync(join(dir, 'frame-0002.png'))).data[((2 + 1) * 132 + 2 + 1) * 4]).toBe(0);
  });

  it('counts flips and reports each frame', () => {
    const d = new SimDisplay();
    const seen: number[] = [];
    d.onFlip = (x) => seen.push(x.frames);
    d.flip();
    d.flip();
    expect(seen).toEqual([1, 2]);
  });
});
