// The Espruino globals hal/espruino touches (Espruino 2v29 reference), typed loosely:
// only this folder may use them (DESIGN.md §2).
interface EspruinoSerial {
  setup(baud: number, options?: object): void;
  on(event: 'data', cb: (data: string) => void): void;
  removeAllListeners(event?: string): void;
  write(data: Uint8Array | string): void;
  setConsole(force?: boolean): void;
}
declare const E: {
  hwRand(): number;
  CRC32(data: Uint8Array | string): number;
  getBattery(): number;
  setConsole(device: string | null, options?: object): void;
  toUint8Array(s: string): Uint8Array;
  // The QR encoder's bulk lookup (firmware/qr/native.ts ByteMap).
  mapInPlace(from: Uint8Array | Uint16Array, to: Uint8Array | Uint16Array | Uint32Array | Float64Array, table?: ArrayLike<number>, bits?: number): void;
  on(event: string, cb: (...a: unknown[]) => void): void;
  kickWatchdog(): void;
  convolve(a: ArrayLike<number>, b: ArrayLike<number>, offset: number): number;
};
declare const NRF: {
  nfcStart(uid?: Uint8Array): Uint8Array;
  nfcStop(): void;
  nfcSend(data?: Uint8Array | number): void;
  on(event: string, cb: (rx: Uint8Array) => void): void;
  removeAllListeners(event?: string): void;
  getBattery(): number;
  setServices(services: object, options?: object): void;
};
declare function setWatch(cb: (e: { state: boolean; time: number; lastTime: number; pin: unknown }) => void, pin: unknown, options: object): unknown;
declare function digitalRead(pin: unknown): number;
declare function digitalWrite(pin: unknown, value: number): void;
declare function getTime(): number;
declare function peek32(addr: number): number;
declare const BTN1: unknown;
declare const BTN2: unknown;
declare const BTN3: unknown;
declare const BTN4: unknown;
declare const LED1: unknown;
declare const LED2: unknown;
declare const LED3: unknown;
declare const USB: EspruinoSerial;
declare const Serial1: EspruinoSerial;
declare const Bluetooth: EspruinoSerial;
// The board's Graphics (Pixl.js LCD, Bangle.js screen) and offscreen buffers: both
// implement hal/ports/display.ts, which device.ts asserts.
declare const g: unknown;
declare const Graphics: { createArrayBuffer(w: number, h: number, bpp: number, options?: object): unknown };
// The board this bundle is built for, compile-time constants (hal/espruino/boards.mjs);
// firmware/boards may read them too.
declare const KERB: import('./boards.mjs').BoardProfile;
declare const KERB_BOARD: string;
