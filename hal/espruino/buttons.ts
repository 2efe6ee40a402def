import type { Buttons, ButtonsOptions } from '../ports/buttons';

// Physical buttons → logical keys through the board profile's map (pin → key).
// setWatch debounces in native code; the handler only queues the key.
export class EspruinoButtons implements Buttons {
  queue: number[];
  watches: unknown[];
  constructor(options: ButtonsOptions, pins: unknown[], keys: number[]) {
    this.queue = [];
    this.watches = [];
    for (let i = 0; i < pins.length; i++) this.watch(options, pins[i], keys[i]);
  }
  watch(options: ButtonsOptions, pin: unknown, key: number): void {
    const self = this;
    this.watches.push(setWatch(() => {
      self.queue.push(key);
      options.onReadable.call(self);
    }, pin, { repeat: true, edge: 'rising', debounce: 30 }));
  }
  read(): number | undefined {
    return this.queue.shift();
  }
  close(): void {
    this.queue = [];
  }
}
