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

export async function run(): Promise<void> {
  console.log(`export of journal records over a pty at ${BAUD} baud (line rate ${BAUD / 10} bytes/s, 8N1)`);
  for (const [records, batch, maxPayload] of [[1000, 1000, 4096], [1000, 100, 4096], [1000, 1000, 1024], [1000, 25, 4096]] as const) {
    const m = await measure(records, batch, maxPayload);
    console.log(`  ${records} records, ${batch} per request, frames ≤ ${maxPayload} B: ${(m.bytes / 1024).toFixed(1)} KiB of records in ${m.seconds.toFixed(2)} s `
      + `(${m.requests} requests) = ${m.pct.toFixed(1)}% of line rate ${m.pct >= 85 ? '(target ≥ 85%: met)' : '(target ≥ 85%: NOT met)'}`);
  }
}
