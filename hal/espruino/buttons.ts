import { Key } from '../ports/buttons';

// Physical buttons → logical keys (hal/espruino/boards.mjs). setWatch debounces in
// native code; one handler serves every button, telling them apart by the pin.
export function watchButtons(onKey: (key: number) => void): void {
  const options = { repeat: true, edge: 'rising', debounce: 30 };
  if (KERB.buttons === 4) {
    const pins = [BTN1, BTN2, BTN3, BTN4];
    const press = (e: { pin: unknown }) => onKey([Key.CANCEL, Key.OK, Key.UP, Key.NEXT][pins.indexOf(e.pin)]);
    for (const pin of pins) setWatch(press, pin, options);
  } else if (KERB.buttons === 1) setWatch(() => onKey(Key.OK), BTN1, options);
}
