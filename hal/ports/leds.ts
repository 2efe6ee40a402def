// Status LEDs (Puck.js has no display: red, green, blue). write() takes a bit mask.
export enum Led { RED = 1, GREEN = 2, BLUE = 4 }

export interface Leds {
  write(mask: number): void;
}
