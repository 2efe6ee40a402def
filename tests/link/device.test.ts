import { describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
// @ts-expect-error plain ESM build script without type declarations
import { deviceOptions } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { checkEspruinoSubset } from '../../tools/espruino-subset.mjs';
import { ESPRUINO, ESPRUINO_SKIP_REASON, runEspruino } from '../support/espruino';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The terminal side of the link, bundled as the device build bundles it, with a tiny
// journal stub, driven by frames the script makes itself with E.CRC32.
const ENTRY = `
import { LinkDispatcher } from './firmware/link/dispatcher';
import { FrameDecoder } from './protocol/link/decoder';
import { encodeFrame } from './protocol/link/frame';
import { encodeHello, encodeExportRequest, decodeInfo, decodeRecords } from './protocol/link/messages';
declare const E: { CRC32(d: Uint8Array): number };
declare function out(x: string): void;
declare function quit(): void;
const crc = (d: Uint8Array) => E.CRC32(d);
const recs: Uint8Array[] = [];
for (let i = 1; i <= 20; i++) { const r = new Uint8Array(153); r[0] = 5; r[1] = 1; r[2] = i; recs.push(r); }
const api = {
  info: () => ({ flags: 1, terminalId: 7, merchantId: 8, firstUnackedSeq: 1, lastSeq: 20, count: 20, unsyncedAmount: 0, settingsVersion: 0, time: 0, firmware: 'dev', board: 'linux' }),
  exportFrom: (from: number, max: number) => recs.filter((r) => r[2] >= from).slice(0, max),
  acknowledge: () => 0, pushSettings: () => 0, enrol: () => 0,
  status: () => ({ flags: 1, battery: 255, lastReason: 0, uptime: 0, time: 0, count: 20, unsyncedAmount: 0 }),
};
const replies: number[][] = [];
const dec = new FrameDecoder(crc, (f) => { replies.push([f.type, f.seq, f.payload.length]); if (f.type === 0x81) out('info ' + decodeInfo(f.payload).terminalId); if (f.type === 0x82) { const p = decodeRecords(f.payload); out('part ' + p.part + ' ' + p.records.length + ' ' + (p.last ? 1 : 0)); } if (f.type === 0x83) out('result ' + f.payload[0]); });
const d = new LinkDispatcher(api, crc, (b) => dec.push(b), 1024);
const hello = encodeFrame(crc, 1, 1, encodeHello({ linkVersion: 1, maxPayload: 1024 }));
const exp = encodeFrame(crc, 2, 2, encodeExportRequest({ fromSeq: 3, maxRecords: 15 }));
const junk = new Uint8Array([0x4b, 0xb5, 9, 9, 1, 2, 3]);
// An ACK too long for the idle receive buffer, in pieces: it gets a buffer of its own.
const ack = encodeFrame(crc, 3, 3, new Uint8Array(300));
d.feed(junk); d.feed(hello.subarray(0, 5)); d.feed(hello.subarray(5)); d.feed(exp);
d.feed(ack.subarray(0, 100)); out('buffer ' + d.buf.length); d.feed(ack.subarray(100, 250)); d.feed(ack.subarray(250)); out('buffer ' + d.buf.length);
out('crc ' + crc(new Uint8Array([49, 50, 51, 52, 53, 54, 55, 56, 57])));
out('done ' + replies.length);
quit();
`;

async function bundle(): Promise<string> {
  const opts = deviceOptions('linux');
  delete opts.entryPoints;
  const r = await esbuild.build({ ...opts, stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' } });
  return r.outputFiles![0].text;
}

describe('host link on the device', () => {
  it('bundles inside the Espruino 2v29 subset', async () => {
    const code = await bundle();
    expect(checkEspruinoSubset(code, 'link.js')).toEqual([]);
  });

  it.skipIf(!ESPRUINO)(`runs in the real Espruino interpreter with E.CRC32 ${ESPRUINO ? '' : `(${ESPRUINO_SKIP_REASON})`}`, async () => {
    const r = runEspruino(await bundle(), { timeoutMs: 60_000 });
    expect(r.lines).toEqual(['info 7', 'part 0 6 0', 'part 1 6 0', 'part 2 3 1', 'buffer 100', 'result 0', 'buffer 0', 'crc 3421780262', 'done 5']);
  });
});
