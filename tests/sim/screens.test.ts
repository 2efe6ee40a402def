import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rig, DAY } from './rig';
import { SimDisplay } from '../../hal/sim/display';
import { screenView, Screen, screenOf } from '../../firmware/terminal/screens';
import { drawRequestQr } from '../../firmware/qr/render';
import { Key } from '../../hal/ports/buttons';
import { Reason } from '../../protocol/reasons';
import { requestFromText, requestToText } from '../../protocol/text/request-text';
import { equalBytes } from '../../protocol/bytes';
import { createSimTerminal } from '../../hal/sim/terminal';

// Every screen drawn on the simulated 128×64 panel: the QR screen decodes (jsQR, a real
// decoder) to the request being served, text screens are not blank, and each frame is
// saved as a PNG (KERB_SCREENS_DIR=docs/screens regenerates the README's pictures).
const dir = process.env.KERB_SCREENS_DIR ?? mkdtempSync(join(tmpdir(), 'kerb-screens-'));

function inked(d: SimDisplay): number {
  let n = 0;
  for (let y = 0; y < d.height; y++) for (let x = 0; x < d.width; x++) n += d.getPixel(x, y) ? 1 : 0;
  return n;
}

function decode(d: SimDisplay): string | null {
  const png = 4;
  const w = d.width * png;
  const h = d.height * png;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = d.getPixel(Math.floor(x / png), Math.floor(y / png)) ? 0 : 255;
      rgba.set([v, v, v, 255], (y * w + x) * 4);
    }
  }
  const r = jsQR(rgba, w, h);
  return r ? r.data : null;
}

describe('screens on the 128×64 display', () => {
  it('draws each screen; the QR screen scans to the request the terminal serves', () => {
    const d = new SimDisplay(128, 64);
    const view = screenView(d, drawRequestQr);
    const r = rig('screens', { view });
    const shot = (name: string, expected: number) => {
      r.terminal.redraw();
      expect(screenOf(r.terminal), name).toBe(expected);
      expect(inked(d), name).toBeGreaterThan(60);
      d.saveFrame(dir, name, 3);
    };
    const w = r.wallet();
    r.clock.advance(60_000);
    shot('idle', Screen.IDLE);
    for (const k of [Key.DIGIT0 + 1, Key.DIGIT0 + 2, Key.DIGIT0 + 5, Key.DIGIT0]) r.buttons.press(k);
    shot('amount', Screen.AMOUNT);
    r.buttons.press(Key.OK);
    shot('qr', Screen.QR);
    const text = decode(d);
    expect(text).not.toBeNull();
    expect(equalBytes(requestFromText(text!), r.nfc.read()!)).toBe(true);
    r.tap(w.pay(r.nfc.read()!));
    shot('approved', Screen.APPROVED);
    r.terminal.toIdle();
    r.tap(w.pay(r.sale(2000), { amount: 1999 }));
    shot('declined', Screen.DECLINED);
    r.terminal.toIdle();
    r.clock.advance(4 * DAY * 1000);
    shot('sync-needed', Screen.SYNC);
    expect(r.ackAll()).toBe(Reason.OK);
    const blank = createSimTerminal({ seed: 'blank', view: screenView(d, () => undefined) });
    blank.terminal.startSale(100);
    expect(screenOf(blank.terminal)).toBe(Screen.ERROR);
    expect(inked(d)).toBeGreaterThan(60);
    d.saveFrame(dir, 'error', 3);
  });

  it('the QR scans for every amount width and currency the screen shows', () => {
    const d = new SimDisplay(128, 64);
    const view = screenView(d, drawRequestQr);
    const r = rig('qr-amounts', { view });
    for (const amount of [1, 99, 1234, 4999]) {
      r.sale(amount);
      expect(decode(d), String(amount)).toBe(requestToText(r.terminal.request as Uint8Array));
      r.terminal.toIdle();
    }
  });
});
