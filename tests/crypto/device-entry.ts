// Entry of the bundle that runs the device crypto inside the Espruino interpreter for
// tests/crypto/espruino.test.ts and tools/bench/crypto.ts. It publishes a global rather
// than ESM exports: esbuild's export getters are made in a `for (let key of …)` loop,
// and Espruino's single shared `let` binding would point every getter at the last key.
import { createDeviceCrypto } from '../../protocol/crypto/device';
import { sha2 } from '../../protocol/crypto/sha2';

(global as unknown as { kerbCrypto: object }).kerbCrypto = {
  createDeviceCrypto,
  sha256: (d: Uint8Array) => sha2(d, false),
  sha512: (d: Uint8Array) => sha2(d, true),
};
