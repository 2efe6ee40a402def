// What differs between the Espruino boards Kerb runs on (DESIGN.md §1 table), in one
// place. The build (esbuild.config.mjs) turns the row of the board it builds for into
// compile-time constants, KERB.<field>, so each bundle carries only its board's code:
// esbuild folds `KERB.nfc` to true/false where it is written and drops the dead branch
// with everything only that branch imports. Write a condition on KERB.* directly where
// it decides (a local copy of it is not folded before tree shaking).
//
//            link        NFC  display  LEDs  buttons → keys                 maintenance  native SHA
// pixljs     Serial1     yes  mono     no    BTN1..4: CANCEL OK UP NEXT     BTN2 held    none
// puckjs     Serial1     yes  none     yes   BTN1: OK                       none         SHA-256
// banglejs2  Bluetooth   no   colour   no    BTN1: OK                       none         SHA-256, SHA-512
// linux      USB (stdio) no   buffer   no    none                           none         SHA-256, SHA-512
//
// Pixl.js buttons sit at the LCD corners: BTN1 top-left, BTN2 top-right, BTN3
// bottom-right (+1 on the digit under the cursor), BTN4 bottom-left (next digit).
// display: mono is the board's 1-bpp `g` as it is; colour is `g` made to draw 0/1 as
// white/black whatever the theme; buffer is an offscreen 128×64 (Linux build, tests).
// battery: E.getBattery exists (a percent estimate from the cell voltage).
// storage: bytes of Espruino Storage (the board file's saved_code pages; Bangle.js 2 keeps
// it in its 8 MB external flash, the Linux build in a 256 KB file). It must hold the flash
// image and the journal: tools/storage-fit.mjs.
export const PROFILES = {
  pixljs: { board: 'pixljs', link: 'Serial1', nfc: true, display: 'mono', leds: false, buttons: 4, maintenance: true, battery: true, sha256: false, sha512: false, storage: 36864 },
  puckjs: { board: 'puckjs', link: 'Serial1', nfc: true, display: 'none', leds: true, buttons: 1, maintenance: false, battery: true, sha256: true, sha512: false, storage: 40960 },
  banglejs2: { board: 'banglejs2', link: 'Bluetooth', nfc: false, display: 'colour', leds: false, buttons: 1, maintenance: false, battery: true, sha256: true, sha512: true, storage: 8388608 },
  linux: { board: 'linux', link: 'USB', nfc: false, display: 'buffer', leds: false, buttons: 0, maintenance: false, battery: false, sha256: true, sha512: true, storage: 262144 },
};

// esbuild `define` entries for one board: KERB_BOARD (its name) and KERB.<field>.
export function boardDefines(board) {
  const p = PROFILES[board];
  if (!p) throw new Error(`unknown board '${board}' (hal/espruino/boards.mjs)`);
  const defines = { KERB_BOARD: JSON.stringify(board) };
  for (const [k, v] of Object.entries(p)) defines[`KERB.${k}`] = JSON.stringify(v);
  return defines;
}
