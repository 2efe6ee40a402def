import type { Leds } from '../ports/leds';

// Puck.js: LED1 red, LED2 green, LED3 blue; one bit of the mask each.
export const leds: Leds = {
  write: (mask) => digitalWrite([LED3, LED2, LED1], mask),
};
