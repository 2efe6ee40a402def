// Battery level in percent (0..100), or -1 when the board cannot tell (mains, sim).
export interface Battery {
  read(): number;
}
