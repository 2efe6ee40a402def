import type { Battery } from '../ports/battery';

// E.getBattery() estimates percent from the cell voltage (boards with KERB.battery), as
// an integer the firmware already clamps to 0..100: the port is the native itself.
export const battery: Battery = { read: E.getBattery };
