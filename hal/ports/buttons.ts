// Buttons port (ECMA-419 IO style: the implementation is constructed with an options
// object and reports through its onReadable callback; read() returns the pending key).
// Keys are logical so that four Pixl.js buttons and a laptop keyboard drive the same
// flow: digits come only from keyboards, UP/DOWN/NEXT let four buttons enter amounts.
export enum Key {
  DIGIT0 = 0, // DIGIT0 + d for d in 0..9
  UP = 10,
  DOWN = 11,
  NEXT = 12, // move the amount cursor to the next (higher) digit
  OK = 13,
  CANCEL = 14,
  BACKSPACE = 15,
}

export interface ButtonsOptions {
  onReadable(this: Buttons): void;
}

export interface Buttons {
  read(): number | undefined;
  close(): void;
}
