import { Key } from '../ports/buttons';

// What differs between the Espruino boards Kerb runs on (DESIGN.md §1 table). The
// firmware is the same; hal/espruino/device.ts builds each board's HAL from this.
export interface BoardProfile {
  board: string;
  link: 'USB' | 'Serial1' | 'Bluetooth'; // the host-link line (the console is moved off it)
  nfc: boolean;
  display: 'lcd' | 'buffer' | 'none'; // lcd: the global g; buffer: an offscreen 128×64
  leds: boolean;
  buttons: () => unknown[]; // pins, read when the HAL starts (globals exist only on the device)
  keys: number[]; // the logical key of each pin
  maintenance: () => unknown; // pin held at boot → maintenance mode; undefined: none
  nativeSha256: boolean;
  nativeSha512: boolean;
}

// Pixl.js, buttons at the LCD corners: BTN1 top-left cancel, BTN2 top-right OK,
// BTN3 bottom-right up (+1 on the digit under the cursor), BTN4 bottom-left next digit.
export const PIXLJS: BoardProfile = {
  board: 'pixljs', link: 'Serial1', nfc: true, display: 'lcd', leds: false,
  buttons: () => [BTN1, BTN2, BTN3, BTN4], keys: [Key.CANCEL, Key.OK, Key.UP, Key.NEXT],
  maintenance: () => BTN2, nativeSha256: false, nativeSha512: false,
};

// Puck.js: one button (OK / start a sale of the preset amount), LEDs for the result.
export const PUCKJS: BoardProfile = {
  board: 'puckjs', link: 'Serial1', nfc: true, display: 'none', leds: true,
  buttons: () => [BTN1], keys: [Key.OK], maintenance: () => undefined, nativeSha256: true, nativeSha512: false,
};

// Bangle.js 2: one button, the host link over Bluetooth UART, no NFC.
export const BANGLEJS2: BoardProfile = {
  board: 'banglejs2', link: 'Bluetooth', nfc: false, display: 'lcd', leds: false,
  buttons: () => [BTN1], keys: [Key.OK], maintenance: () => undefined, nativeSha256: true, nativeSha512: true,
};

// Espruino's Linux build: the host link on stdio (USB device), an offscreen display.
export const LINUX: BoardProfile = {
  board: 'linux', link: 'USB', nfc: false, display: 'buffer', leds: false,
  buttons: () => [], keys: [], maintenance: () => undefined, nativeSha256: true, nativeSha512: true,
};
