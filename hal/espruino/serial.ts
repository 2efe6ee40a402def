import type { Serial, SerialOptions } from '../ports/serial';

// The host link on an Espruino serial device (USB, Serial1, Bluetooth). Espruino hands
// received data over as a binary string; E.toUint8Array copies it natively.
//
// `stuffed`: the Linux build exits on a 0x04 byte (Ctrl-D) on stdin and may break into
// its debugger on 0x03 (Ctrl-C), so a host talking to it over stdio byte-stuffs what it
// sends: 0x10 then the byte xor 0x20 for 0x03, 0x04 and 0x10; replies go out as they are.
export const STUFF_ESCAPE = 0x10;

export class EspruinoSerial implements Serial {
  dev: EspruinoSerial_;
  pending: Uint8Array[];
  escaped: boolean; // the previous chunk ended with the escape byte
  constructor(dev: EspruinoSerial_, options: SerialOptions, stuffed?: boolean) {
    this.dev = dev;
    this.pending = [];
    this.escaped = false;
    // `self`, not `this` in an arrow: the subset check refuses that (Espruino can abort).
    const self = this;
    dev.on('data', (d: string) => {
      const b = E.toUint8Array(d);
      self.pending.push(stuffed ? self.unstuff(b) : b);
      options.onReadable.call(self);
    });
  }
  unstuff(b: Uint8Array): Uint8Array {
    if (!this.escaped && b.indexOf(STUFF_ESCAPE) < 0) return b;
    const out = new Uint8Array(b.length);
    let n = 0;
    for (let i = 0; i < b.length; i++) {
      if (this.escaped) {
        out[n++] = b[i] ^ 0x20;
        this.escaped = false;
      } else if (b[i] === STUFF_ESCAPE) this.escaped = true;
      else out[n++] = b[i];
    }
    return out.subarray(0, n);
  }
  read(): Uint8Array | undefined {
    return this.pending.shift();
  }
  write(bytes: Uint8Array): void {
    this.dev.write(bytes);
  }
  close(): void {
    this.dev.removeAllListeners('data');
  }
}

type EspruinoSerial_ = {
  on(event: 'data', cb: (data: string) => void): void;
  removeAllListeners(event?: string): void;
  write(data: Uint8Array | string): void;
};
