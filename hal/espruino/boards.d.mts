export interface BoardProfile {
  board: 'pixljs' | 'puckjs' | 'banglejs2' | 'linux';
  link: 'Serial1' | 'Bluetooth' | 'USB'; // the host-link line (service mode moves the console off it)
  nfc: boolean;
  display: 'mono' | 'colour' | 'buffer' | 'none';
  leds: boolean;
  buttons: 0 | 1 | 4;
  maintenance: boolean; // BTN2 held at boot → maintenance mode (Pixl.js)
  battery: boolean;
  sha256: boolean; // require('crypto').SHA256 exists
  sha512: boolean;
  storage: number; // bytes of Espruino Storage; image + journal must fit (tools/storage-fit.mjs)
}
export declare const PROFILES: Record<BoardProfile['board'], BoardProfile>;
export declare function boardDefines(board: string): Record<string, string>;
