import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prng } from '../../hal/sim/prng';
import { SimDisplay } from '../../hal/sim/display';
import { ECL_M } from '../../firmware/qr/tables';
import { decodeWithJsQr, decodeWithZbar, drawQrScreen, HAS_ZBAR, randomRequestText } from './support';

// ≥ 500 random payment requests, drawn on the simulated 128×64 panel exactly as the QR
// screen draws them (2 px a module, the rest of the screen filled), read back by real
// decoders from the framebuffer and compared character for character.
const COUNT = 500;

function frames(): { texts: string[]; displays: SimDisplay[]; versions: string[] } {
  const rng = new Prng(0x4b455242);
  const texts: string[] = [];
  const displays: SimDisplay[] = [];
  const versions: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const text = randomRequestText(rng);
    const d = new SimDisplay(128, 64);
    const qr = drawQrScreen(d, text, (1 + rng.int(99999)) / 100 + '');
    texts.push(text);
    displays.push(d);
    versions.push(`v${qr.version}-${qr.ecl === ECL_M ? 'M' : 'L'}`);
  }
  return { texts, displays, versions };
}

describe('payment request QR codes decode from the framebuffer', () => {
  const f = frames();

  it('every request fits version 3 at 2 px a module (level M for v1 requests, L with extensions)', () => {
    const kinds = new Set(f.versions);
    expect([...kinds].every((k) => k === 'v3-M' || k === 'v3-L')).toBe(true);
    expect(kinds.has('v3-M')).toBe(true);
  });

  it(`jsQR reads all ${COUNT} screens byte for byte (no margin beyond the panel)`, () => {
    const wrong: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const got = decodeWithJsQr(f.displays[i], 0);
      if (got !== f.texts[i]) wrong.push(`#${i} ${f.versions[i]}: ${JSON.stringify(got)} != ${f.texts[i]}`);
    }
    expect(wrong).toEqual([]);
  });

  it.skipIf(!HAS_ZBAR)(`zbarimg reads all ${COUNT} screens (1:1 PNGs, one zbarimg run) byte for byte${HAS_ZBAR ? '' : ' (SKIPPED: zbarimg not installed — apt-get install zbar-tools)'}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerb-qr-'));
    const files = f.displays.map((d, i) => {
      const file = join(dir, `q${i}.png`);
      writeFileSync(file, d.toPNG(1, 0)); // the bare 128×64 framebuffer, one PNG pixel a panel pixel
      return file;
    });
    const got = decodeWithZbar(files);
    const wrong = got.flatMap((g, i) => (g === f.texts[i] ? [] : [`#${i}: ${JSON.stringify(g)} != ${f.texts[i]}`]));
    expect(wrong).toEqual([]);
  });
});
