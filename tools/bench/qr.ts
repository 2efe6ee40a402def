// QR figures in the real interpreter (DESIGN.md §4): instructions (callgrind, baseline
// subtracted) to build a payment request and its text, to encode it as a QR code and to
// draw it into a 128×64 1-bpp Graphics buffer; peak process.memory().usage while doing
// so; and the encoder's size minified. Needs ESPRUINO (the -Os build for instruction
// counts) and valgrind; says so and prints the size alone otherwise.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ESPRUINO, ESPRUINO_SKIP_REASON, countInstructions, hasValgrind, runEspruino } from '../../tests/support/espruino';
// @ts-expect-error plain ESM build script without type declarations
import { deviceOptions } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { checkEspruinoSubset } from '../espruino-subset.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Exposes to the script: Q.display() (a 128×64 buffer), Q.panel() (the global g as the
// board's panel), Q.bytes(challenge, amount) →
// request bytes, Q.request(challenge, amount) → request text, Q.text(bytes) → its text,
// Q.encode(text) → QrCode, Q.draw(display, request bytes) → QrCode, Q.prepare().
const ENTRY = `
import { useNativeQr } from './firmware/qr/native';
import { encodeQr, prepareQr } from './firmware/qr/encode';
import { drawRequestQr } from './firmware/qr/render';
import { espruinoDisplay } from './hal/espruino/display';
import { encodeRequest } from './protocol/messages/request';
import { requestToText } from './protocol/text/request-text';
declare const global: Record<string, unknown>;
useNativeQr(E.mapInPlace, E.toUint8Array);
const bytes = (challenge: Uint8Array, amount: number) => encodeRequest({
  terminalId: 0x01020304, merchantId: 4242, amount, currency: 978, challenge, requestCounter: 7, extensions: new Uint8Array(0),
});
global.Q = {
  display: () => espruinoDisplay('buffer', 128, 64),
  panel: () => espruinoDisplay('lcd'),
  bytes,
  request: (challenge: Uint8Array, amount: number) => requestToText(bytes(challenge, amount)),
  text: requestToText,
  encode: (text: string) => encodeQr(text, 3),
  draw: (g: never, request: Uint8Array) => drawRequestQr(g, request, 0, 0),
  prepare: () => prepareQr(3, 0),
  useNative: useNativeQr,
};
`;

// The encoder, renderer and request codec bundled as the device build bundles firmware.
export async function qrDeviceBundle(minifyIdentifiers?: boolean): Promise<string> {
  const options = deviceOptions('linux');
  const result = await esbuild.build({
    ...options,
    entryPoints: undefined,
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'qr-bench-entry.ts' },
    minifyIdentifiers: minifyIdentifiers ?? false,
  });
  const code = (result.outputFiles ?? [])[0]?.text ?? '';
  const problems: string[] = checkEspruinoSubset(code, 'qr-bench');
  if (problems.length) throw new Error('QR bundle outside the Espruino subset:\n  ' + problems.join('\n  '));
  return code;
}

// Size of the encoder and renderer alone, minified as far as esbuild goes.
export async function encoderSize(): Promise<{ whitespace: number; full: number }> {
  const contents = `import { encodeQr, prepareQr } from './firmware/qr/encode';
import { drawRequestQr } from './firmware/qr/render';
import { useNativeQr } from './firmware/qr/native';
declare const global: Record<string, unknown>;
global.qr = { encodeQr, prepareQr, drawRequestQr, useNativeQr };`;
  const size = async (minifyIdentifiers: boolean) => {
    const r = await esbuild.build({
      ...deviceOptions('linux'),
      entryPoints: undefined,
      stdin: { contents, resolveDir: root, loader: 'ts' },
      minifyIdentifiers,
    });
    return ((r.outputFiles ?? [])[0]?.text ?? '').length;
  };
  return { whitespace: await size(false), full: await size(true) };
}

// A script's setup: the bundle, a display, deterministic challenges.
function script(bundle: string, body: string): string {
  return `${bundle}
var D = Q.display();
var C = new Uint8Array(16);
var seed = 7;
function challenge() { for (var i = 0; i < 16; i++) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; C[i] = seed >> 16; } return C; }
${body}
quit();`;
}

const WARMUP = 'Q.prepare(); for (var w = 0; w < 3; w++) Q.draw(D, Q.bytes(challenge(), 100 + w));\n';

export async function run(): Promise<void> {
  const size = await encoderSize();
  console.log(`encoder + renderer bundle: ${size.whitespace} bytes (device build settings), ${size.full} bytes with identifiers minified`);
  if (!ESPRUINO) {
    console.log(ESPRUINO_SKIP_REASON);
    return;
  }
  if (!hasValgrind()) {
    console.log('valgrind is not installed: skipping instruction counts');
    return;
  }
  const bundle = await qrDeviceBundle();
  const count = (body: string) => countInstructions(script(bundle, body)).instructions;
  const m = (x: number) => (x / 1e6).toFixed(2) + 'M';
  const base = count('');
  const load = base - countInstructions('quit();').instructions;
  const warm = count(WARMUP);
  const request = count('var t = Q.request(challenge(), 1234);') - base;
  const requestBytes = count('var b = Q.bytes(challenge(), 1234);') - base;
  const prepare = count('Q.prepare();') - base;
  const firstCode = count('var b = Q.bytes(challenge(), 1234); Q.draw(D, b); D.flip();') - base - requestBytes;
  const encode = count(WARMUP + 'var t = Q.request(challenge(), 1234); Q.encode(t);') - warm - request;
  const draw = count(WARMUP + 'var b = Q.bytes(challenge(), 1234); Q.draw(D, b); D.flip();') - warm - requestBytes;
  const viaBytes = count(WARMUP + 'Q.draw(D, Q.bytes(challenge(), 1234)); D.flip();') - warm;
  const redraw = count(WARMUP + 'var b = Q.bytes(challenge(), 1234); Q.draw(D, b); D.clear(); Q.draw(D, b); D.flip();') - warm - requestBytes - draw;
  console.log(`loading the bundle (codecs):                        ${m(load)}`);
  console.log(`build request (encodeRequest):                     ${m(requestBytes)}`);
  console.log(`build request + text (encodeRequest, base45):      ${m(request)}`);
  console.log(`field tables, generator and placement for 3-M (once, prepareQr): ${m(prepare)}`);
  console.log(`first code without prepareQr, encode + draw from bytes: ${m(firstCode)}`);
  console.log(`steady state, encode from text (encodeQr):         ${m(encode)}`);
  console.log(`steady state, encode + draw + flip from bytes:     ${m(draw)}`);
  console.log(`amount entered → QR on screen, from request bytes: ${m(viaBytes)}  (budget 15.00M)`);
  console.log(`redrawing the same request (clear + draw + flip):  ${m(redraw)}`);
  const minified = await qrDeviceBundle(true);
  const countMin = (body: string) => countInstructions(script(minified, body)).instructions;
  const warmMin = countMin(WARMUP);
  const bytesMin = countMin(WARMUP + 'Q.draw(D, Q.bytes(challenge(), 1234)); D.flip();') - warmMin;
  console.log(`the same with identifiers minified (shorter names lex faster): ${m(bytesMin)}`);
  // Peak: sampled after every native lookup of one code (the temporaries are alive then).
  const mem = runEspruino(script(bundle, `
var boot = process.memory().usage;
Q.prepare();
var prepared = process.memory().usage;
Q.draw(D, Q.bytes(challenge(), 1));
var idle = process.memory().usage;
var peak = idle;
Q.useNative(function (a, b, c, d) { E.mapInPlace(a, b, c, d); var u = process.memory().usage; if (u > peak) peak = u; }, E.toUint8Array);
var q = Q.draw(D, Q.bytes(challenge(), 2));
out(boot + ' ' + prepared + ' ' + idle + ' ' + peak + ' ' + process.memory().usage);
`));
  const [boot, prepared, idle, peak, shown] = mem.lines[0].split(' ').map(Number);
  console.log(`process.memory().usage (vars): ${boot} loaded, ${prepared} with the v3-M placement table (+${prepared - boot}), ` +
    `${idle} after a code, peak ${peak} while encoding one (+${peak - idle}), ${shown} with it on screen`);
}
