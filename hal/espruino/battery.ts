import type { Battery } from '../ports/battery';

// E.getBattery() estimates percent from the cell voltage (boards with KERB.battery).
export const battery: Battery = {
  read: () => {
    const b = E.getBattery();
    return b >= 0 && b <= 100 ? Math.round(b) : -1;
  },
};
