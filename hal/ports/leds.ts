// Status LEDs (Puck.js has no display: red, green, blue). write() takes a bit mask.
export const Led = { RED: 1, GREEN: 2, BLUE: 4 } as const;

export interface Leds {
  write(mask: number): void;
}
