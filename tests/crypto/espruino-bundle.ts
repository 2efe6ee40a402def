// Bundles the device crypto the way the firmware is bundled (esbuild.config.mjs
// deviceOptions: Espruino subset, no identifier minification) and exposes it to a script
// as `kerbCrypto`. Also the helpers such scripts need, written in the Espruino subset.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
// @ts-expect-error plain ESM build script without type declarations
import { deviceOptions } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { checkEspruinoSubset } from '../../tools/espruino-subset.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export async function deviceCryptoBundle(): Promise<string> {
  const result = await esbuild.build({
    ...deviceOptions('linux'),
    entryPoints: [join(here, 'device-entry.ts')],
  });
  const code = result.outputFiles![0].text;
  const problems: string[] = checkEspruinoSubset(code, 'device-crypto bundle');
  if (problems.length) throw new Error(problems.join('\n'));
  return code;
}

// Script prelude: hex decoding and a device crypto using Espruino's native helpers
// (`nativeHashes` picks require("crypto") SHA-256/512 over the JS ones).
export function espruinoCryptoPrelude(nativeHashes: boolean): string {
  return `
function hex(s){var b=new Uint8Array(s.length/2);for(var i=0;i<b.length;i++)b[i]=parseInt(s.substr(i*2,2),16);return b;}
var C=require("crypto");
function nat(f){return function(d){return new Uint8Array(f(d));};}
var dc=kerbCrypto.createDeviceCrypto({dotProduct:E.convolve,random:function(n){var b=new Uint8Array(n);for(var i=0;i<n;i++)b[i]=Math.random()*256;return b;}${nativeHashes ? ',sha256:nat(C.SHA256),sha512:nat(C.SHA512)' : ''}});
`;
}
