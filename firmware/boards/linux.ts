// Entry point for Espruino's Linux build: the host link on stdio, an offscreen display,
// no NFC. Tests and benchmarks drive it through the link, or through `kerb`, hooks for
// code appended after the bundle. The shipped build shortens property names, so the
// hooks are quoted names (kept) that reach into the running Terminal.
import { terminal as t } from './run';

declare const global: Record<string, unknown>;
// Quoted, as the hooks are: the shipped build would rename a plain `global.kerb`.
global['kerb'] = {
  'enrol': (b: Uint8Array) => t.enrol(b),
  'applySettings': (b: Uint8Array) => t.pushSettings(b),
  'startSale': (amount: number) => t.startSale(amount),
  'tap': (payment: Uint8Array) => t.tap(payment),
  'toIdle': () => t.toIdle(),
  'reason': () => t.reason,
  'fixRandom': (byte: number) => { t.deps.rng = { read: (n: number) => new Uint8Array(n).fill(byte) }; },
  'skipVerify': () => { t.deps.crypto.verify = () => true; },
};
// The Linux interpreter exits when nothing is scheduled; a terminal waits for its host.
setInterval(() => undefined, 3600000);
