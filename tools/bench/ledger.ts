// Reference ledger ingest: fully verified journal records (MAC chain, wallet signature,
// certificate, limits, double-spend and challenge uniqueness) with a durable commit per
// batch, through the HTTP API, into PGlite on disk. Prints records/s.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { startLedger } from '../../ledger/index';
import { JournalWriter, fastSigningCrypto } from '../../ledger/testing/journal-writer';
import { createIssuer } from '../../protocol/kit/issuer';
import { createWallet, type Wallet } from '../../protocol/kit/wallet';
import { seededRandom } from '../../protocol/crypto/host';

// Long enough (~5 s) that the rate is the sustained one, not the first batches' JIT and
// PGlite warm-up; LEDGER_BENCH_RECORDS=20000 gives the shorter, colder figure.
const RECORDS = Number(process.env.LEDGER_BENCH_RECORDS ?? 60_000);
const TERMINALS = 8;
const WALLETS = 200;
const BATCH = 1_000;
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 4); // concurrent uploads (one per terminal at a time), as several bridges would send
const CURRENCY = 978;
const T0 = 1_800_000_000;

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

async function call(url: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// CPU seconds of this process's main thread (Linux /proc; 0 elsewhere): the ledger's
// HTTP, chain, checks and PGlite all run there, the signature checks do not.
function mainThreadCpu(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

// How fast one thread of this machine verifies right now: the machine may be shared, and
// ingest cannot beat the verifies it has to do, so the figure puts the rate in context.
function verifyRateNow(): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const msg = Buffer.alloc(65, 7);
  const sig = sign(null, msg, privateKey);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    for (let i = 0; i < 50; i++) verify(null, msg, publicKey, sig);
    n += 50;
  }
  return n / ((performance.now() - start) / 1000);
}

type Batch = { terminalId: number; records: string[] };

// Registers the issuer and wallets at the ledger, enrols the terminals and writes their
// journals: the same workload whatever store the ledger runs on.
async function workload(url: string): Promise<Batch[][]> {
  const crypto = { ...fastSigningCrypto(), random: seededRandom('ledger-bench') };
  const issuer = createIssuer(crypto, 1);
  await call(url, 'PUT', '/v1/issuer-keys/1', { publicKey: b64(issuer.publicKey), notAfter: T0 + 86_400 * 400 });
  const wallets: Wallet[] = [];
  for (let i = 0; i < WALLETS; i++) {
    wallets.push(createWallet(crypto, (walletKey) => issuer.issue({
      walletId: 1 + i, walletKey, perPaymentLimit: 100_000, currency: CURRENCY, notBefore: T0 - 86_400, expiry: T0 + 86_400 * 365,
    })));
  }
  await call(url, 'POST', '/v1/certificates', { certificates: wallets.map((w) => b64(w.certificate.bytes)) });
  const batches: Batch[][] = [];
  for (let t = 0; t < TERMINALS; t++) {
    const e = await call(url, 'POST', '/v1/terminals', { merchantId: 1 + (t % 3), currency: CURRENCY, perPaymentLimit: 100_000, offlineTotalLimit: 10_000_000, maxOfflineAge: 86_400 * 3 });
    const w = new JournalWriter(e.terminalId, 1 + (t % 3), new Uint8Array(Buffer.from(e.authKey, 'base64')), CURRENCY);
    const per = Math.ceil(RECORDS / TERMINALS);
    const list: Batch[] = [];
    for (let i = 0; i < per; i += BATCH) {
      const records: string[] = [];
      for (let j = i; j < Math.min(per, i + BATCH); j++) records.push(b64(w.sale(wallets[(t * per + j) % WALLETS], 100 + (j % 900), T0 + t * per + j)));
      list.push({ terminalId: e.terminalId, records });
    }
    batches.push(list);
  }
  return batches;
}

// Each lane uploads its terminals' batches in order; lanes run concurrently. Returns the
// records accepted.
async function ingest(url: string, batches: Batch[][]): Promise<number> {
  const lanes: Batch[][] = Array.from({ length: IN_FLIGHT }, () => []);
  batches.forEach((list, t) => lanes[t % IN_FLIGHT].push(...list));
  let accepted = 0;
  await Promise.all(lanes.map(async (lane) => {
    for (const b of lane) {
      const r = await call(url, 'POST', `/v1/terminals/${b.terminalId}/batches`, { records: b.records }, { 'idempotency-key': `${b.terminalId}-${b.records[0].slice(0, 16)}` });
      if (r.rejected.length || r.retry.length) throw new Error(`unexpected outcome: ${JSON.stringify({ rejected: r.rejected.slice(0, 3), retry: r.retry.slice(0, 3) })}`);
      accepted += r.accepted.length;
    }
  }));
  return accepted;
}

// With LEDGER_BENCH_DATABASE_URL, the same workload into a PostgreSQL server through
// `pg` (a database that may already hold earlier runs: terminals are enrolled afresh).
async function runPostgres(databaseUrl: string): Promise<void> {
  const ledger = await startLedger({ databaseUrl, clock: () => T0 + 86_400, log: () => {} });
  try {
    const batches = await workload(ledger.url);
    const [{ v }] = await ledger.db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const start = performance.now();
    const accepted = await ingest(ledger.url, batches);
    const secs = (performance.now() - start) / 1000;
    console.log(`ledger ingest into PostgreSQL ${v.split(' ')[0]} (LEDGER_BENCH_DATABASE_URL): ${accepted} records accepted in ${secs.toFixed(2)} s = ${Math.round(accepted / secs)} records/s`
      + ` (same workload; one server transaction per ${BATCH}-record batch, durable as the server's fsync/synchronous_commit settings make it)`);
  } finally {
    await ledger.close();
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kerb-ledger-bench-'));
  const ledger = await startLedger({ dataDir: dir, clock: () => T0 + 86_400, log: () => {} });
  try {
    const t0 = performance.now();
    const batches = await workload(ledger.url);
    const total = batches.reduce((n, l) => n + l.reduce((m, b) => m + b.records.length, 0), 0);
    console.log(`generated ${total} signed, chained records for ${TERMINALS} terminals and ${WALLETS} wallets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const baseline = verifyRateNow();
    const load = loadavg()[0];
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpu();
    const start = performance.now();
    const accepted = await ingest(ledger.url, batches);
    const secs = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const mainCpu = mainThreadCpu() - main0;
    const digest = await ledger.digest();
    console.log(`ledger ingest: ${accepted} records accepted in ${secs.toFixed(2)} s = ${Math.round(accepted / secs)} records/s`);
    console.log(`  (HTTP + JSON, MAC chain, Ed25519 wallet signature per record on ${ledger.service.pool.size} worker threads, certificate/limit checks,`);
    console.log(`   uniqueness of wallet counters and challenges, one PGlite transaction + WAL fsync per ${BATCH}-record batch, ${IN_FLIGHT} uploads in flight)`);
    console.log(`  stored: ${digest.counts.records} records, ${digest.counts.conflicts} conflicts`);
    const rate = accepted / secs;
    console.log(`  machine now: one thread verifies ${Math.round(baseline)} Ed25519 signatures/s with node:crypto (idle 2-core machine: ~11,600/s), load average ${load.toFixed(1)}`);
    const cpuPerRecord = (cpu.user + cpu.system) / accepted;
    const mainPerRecord = (mainCpu * 1e6) / accepted;
    console.log(`  CPU per record: ${cpuPerRecord.toFixed(0)} µs in all threads, of which ${mainPerRecord.toFixed(0)} µs on the main thread (HTTP on both ends, chain, checks, PGlite); the rest is verification and GC`);
    console.log(`  so 2 fully available cores carry at most ~${Math.round(2e6 / cpuPerRecord)} records/s; ingest = ${(rate / baseline).toFixed(2)} x one thread's bare verify rate measured just before`);
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.LEDGER_BENCH_DATABASE_URL) await runPostgres(process.env.LEDGER_BENCH_DATABASE_URL);
}
