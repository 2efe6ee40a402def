import type { Serial, SerialOptions } from '../ports/serial';

// An in-memory serial line: two ends, each delivering what the other writes. Used to
// wire the firmware's host link to a TCP socket, a pty or a test.
export class SimSerial implements Serial {
  options: SerialOptions | null;
  inbox: Uint8Array[];
  peer: SimSerial | null;
  onWrite: ((bytes: Uint8Array) => void) | null;
  constructor(options?: SerialOptions) {
    this.options = options ?? null;
    this.inbox = [];
    this.peer = null;
    this.onWrite = null;
  }
  // Bytes arriving from the far end.
  deliver(bytes: Uint8Array): void {
    this.inbox.push(new Uint8Array(bytes));
    if (this.options) this.options.onReadable.call(this);
  }
  read(): Uint8Array | undefined {
    return this.inbox.shift();
  }
  write(bytes: Uint8Array): void {
    if (this.onWrite) this.onWrite(bytes);
    if (this.peer) this.peer.deliver(bytes);
  }
  close(): void {
    this.inbox = [];
  }
}

export function serialPair(a: SerialOptions | undefined, b: SerialOptions | undefined): [SimSerial, SimSerial] {
  const x = new SimSerial(a);
  const y = new SimSerial(b);
  x.peer = y;
  y.peer = x;
  return [x, y];
}
