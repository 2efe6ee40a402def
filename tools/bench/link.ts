// Host-link export throughput over a pty at 115200 baud (README "Host link"): the fake
// terminal's replies are paced as a UART at that rate would send them (10 bits a byte),
// relayed through a real pty, read by the bridge's link client through `serialport`.
// Figure: journal-record bytes delivered per second as a share of the line rate.
import { hostCrypto } from '../../protocol/crypto/host';
import { LinkClient } from '../../host-bridge/link/client';
import { openSerial } from '../../host-bridge/transport/serial';
import { openPtyRelay } from '../../host-bridge/transport/pty';
import { decodeRecord } from '../../protocol/messages/record';
import { FakeTerminal } from '../../tests/support/fake-terminal';
import { serveTerminal } from '../../tests/support/terminal-line';
import { ESPRUINO, ESPRUINO_SKIP_REASON, countInstructions, hasValgrind } from '../../tests/support/espruino';
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
// @ts-expect-error plain ESM build script without type declarations
import { deviceOptions } from '../../esbuild.config.mjs';

const BAUD = 115200;

async function measure(records: number, batch: number, maxPayload: number): Promise<{ pct: number; seconds: number; bytes: number; requests: number }> {
  const t = new FakeTerminal({ crypto: hostCrypto, enrolment: { terminalId: 1, merchantId: 1, authKey: new Uint8Array(32), extensions: new Uint8Array(0) } });
  t.addSales(records);
  const served = await serveTerminal(t, { baud: BAUD, maxPayload });
  const relay = await openPtyRelay('127.0.0.1', served.port);
  const link = new LinkClient(await openSerial(relay.path, BAUD), { maxPayload, timeoutMs: 2000 });
  try {
    await link.hello();
    let from = 1;
    let bytes = 0;
    const requestsBefore = link.stats.requests;
    const start = performance.now();
    for (;;) {
      const ex = await link.exportRecords(from, batch);
      for (const r of ex.records) bytes += r.length;
      if (ex.records.length) from = decodeRecord(ex.records[ex.records.length - 1]).seq + 1;
      if (ex.complete && ex.records.length < batch) break;
    }
    const seconds = (performance.now() - start) / 1000;
    return { pct: (100 * bytes) / seconds / (BAUD / 10), seconds, bytes, requests: link.stats.requests - requestsBefore };
  } finally {
    await link.close();
    await relay.close();
    await served.close();
  }
}

// The terminal side on the device: instructions the Espruino interpreter executes to
// decode an EXPORT request and frame `n` records of 153 bytes into RECORDS parts of at
// most `maxPayload` bytes (E.CRC32 native), journal reads excluded (an in-memory stub).
function deviceScript(n: number, exportIt: boolean, maxPayload: number): string {
  return `
import { LinkDispatcher } from './firmware/link/dispatcher';
import { encodeFrame } from './protocol/link/frame';
import { encodeHello, encodeExportRequest } from './protocol/link/messages';
declare const E: { CRC32(d: Uint8Array): number };
declare function quit(): void;
const crc = (d: Uint8Array) => E.CRC32(d);
const recs: Uint8Array[] = [];
for (let i = 1; i <= ${n}; i++) { const r = new Uint8Array(153); r[0] = 5; r[1] = 1; r[2] = i & 255; r[3] = i >> 8; recs.push(r); }
let sent = 0;
const api = {
  info: () => ({ flags: 1, terminalId: 7, merchantId: 8, firstUnackedSeq: 1, lastSeq: ${n}, count: ${n}, unsyncedAmount: 0, settingsVersion: 0, time: 0, firmware: 'b', board: 'linux' }),
  exportFrom: (from: number, max: number) => recs.slice(from - 1, from - 1 + max),
  acknowledge: () => 0, pushSettings: () => 0, enrol: () => 0,
  status: () => ({ flags: 1, battery: 255, lastReason: 0, uptime: 0, time: 0, count: 0, unsyncedAmount: 0 }),
};
const d = new LinkDispatcher(api, crc, (b) => { sent += b.length; }, ${maxPayload});
d.feed(encodeFrame(crc, 1, 1, encodeHello({ linkVersion: 1, maxPayload: ${maxPayload} })));
${exportIt ? `d.feed(encodeFrame(crc, 2, 2, encodeExportRequest({ fromSeq: 1, maxRecords: ${n} })));` : ''}
quit();
`;
}

export async function deviceCost(n: number, maxPayload: number): Promise<number> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const count = async (exportIt: boolean) => {
    const opts = deviceOptions('linux');
    delete opts.entryPoints;
    const r = await esbuild.build({ ...opts, stdin: { contents: deviceScript(n, exportIt, maxPayload), resolveDir: root, loader: 'ts' } });
    return countInstructions(r.outputFiles![0].text).instructions;
  };
  return (await count(true)) - (await count(false));
}

export async function run(): Promise<void> {
  console.log(`export of journal records over a pty at ${BAUD} baud (line rate ${BAUD / 10} bytes/s, 8N1)`);
  for (const [records, batch, maxPayload] of [[1000, 1000, 4096], [1000, 100, 4096], [1000, 1000, 1024], [1000, 25, 4096]] as const) {
    const m = await measure(records, batch, maxPayload);
    console.log(`  ${records} records, ${batch} per request, frames ≤ ${maxPayload} B: ${(m.bytes / 1024).toFixed(1)} KiB of records in ${m.seconds.toFixed(2)} s `
      + `(${m.requests} requests) = ${m.pct.toFixed(1)}% of line rate ${m.pct >= 85 ? '(target ≥ 85%: met)' : '(target ≥ 85%: NOT met)'}`);
  }
  if (!ESPRUINO || !hasValgrind()) {
    console.log(`device cost of answering EXPORT: skipped (${!ESPRUINO ? ESPRUINO_SKIP_REASON : 'valgrind not installed'})`);
    return;
  }
  for (const maxPayload of [1024, 2048, 4096]) {
    const perRecord = (await deviceCost(200, maxPayload)) / 200;
    const wire = (153 * 1000) / (115200 / 10);
    console.log(`device: answering EXPORT with frames ≤ ${maxPayload} B: ${(perRecord / 1000).toFixed(0)} k instructions per record `
      + `(≈ ${(perRecord / 64e6 * 1000).toFixed(2)} ms on a 64 MHz nRF52, against ${wire.toFixed(1)} ms to send it at 115200 baud; journal reads excluded)`);
  }
}
