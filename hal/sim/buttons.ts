import type { Buttons, ButtonsOptions } from '../ports/buttons';
import { Key } from '../ports/buttons';

// Keys pushed by a test or by the laptop keyboard (kerb sim).
export class SimButtons implements Buttons {
  options: ButtonsOptions;
  queue: number[];
  constructor(options: ButtonsOptions) {
    this.options = options;
    this.queue = [];
  }
  press(key: number): void {
    this.queue.push(key);
    this.options.onReadable.call(this);
  }
  read(): number | undefined {
    return this.queue.shift();
  }
  close(): void {
    this.queue = [];
  }
}

// Laptop keyboard → keys: digits, Enter = OK, Esc/q = cancel, Backspace, arrows.
export function keyFromTerminalInput(s: string): number | undefined {
  if (s.length === 1 && s >= '0' && s <= '9') return Key.DIGIT0 + s.charCodeAt(0) - 48;
  if (s === '\r' || s === '\n') return Key.OK;
  if (s === '\x1b' || s === 'c') return Key.CANCEL;
  if (s === '\x7f' || s === '\b') return Key.BACKSPACE;
  if (s === '\x1b[A' || s === '+') return Key.UP;
  if (s === '\x1b[B' || s === '-') return Key.DOWN;
  if (s === '\x1b[D' || s === '\t') return Key.NEXT;
  return undefined;
}
