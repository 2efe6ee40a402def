import type { Rng } from '../ports/rng';
import { seededRandom } from '../../protocol/crypto/host';
import { randomBytes } from 'node:crypto';

// Seeded for reproducible simulations; unseeded draws from the OS.
export class SimRng implements Rng {
  draw: (n: number) => Uint8Array;
  constructor(seed?: string) {
    this.draw = seed === undefined ? (n) => new Uint8Array(randomBytes(n)) : seededRandom(seed);
  }
  read(n: number): Uint8Array {
    return this.draw(n);
  }
}
