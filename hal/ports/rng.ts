// Random bytes for challenges. Device: E.hwRand (the nRF52 hardware RNG). Simulator:
// seeded, so runs are reproducible.
export interface Rng {
  read(n: number): Uint8Array;
}
