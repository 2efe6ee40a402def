import type { Serial, SerialOptions } from '../ports/serial';

// The host link on an Espruino serial device (USB, Serial1, Bluetooth). Espruino hands
// received data over as a binary string; E.toUint8Array copies it natively.
export class EspruinoSerial implements Serial {
  dev: EspruinoSerial_;
  pending: Uint8Array[];
  constructor(dev: EspruinoSerial_, options: SerialOptions) {
    this.dev = dev;
    this.pending = [];
    dev.on('data', (d: string) => {
      this.pending.push(E.toUint8Array(d));
      options.onReadable.call(this);
    });
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
