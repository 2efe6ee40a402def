import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { hostCrypto } from '../../protocol/crypto/host';
import { createWallet, type Wallet } from '../../protocol/kit/wallet';
import { decodeReceipt } from '../../protocol/messages/receipt';
import { createSimTerminal, type SimTerminal } from '../../hal/sim/terminal';
import { SimClock } from '../../hal/sim/clock';
import { ExitCode } from '../../host-bridge/cli/exit-codes';
import { provisionTerminal } from '../../host-bridge/provision';
import { serveTerminal, type ServedTerminal } from '../support/terminal-line';
import { api, ledgerIssuer, ledgerRecords } from '../support/bridge-rig';

// `kerb bridge sync` as a person runs it in a terminal window (stdout and stderr on a
// pty: a progress bar redrawn with carriage returns, then a summary) and as a script
// runs it (stdout not a terminal: JSON lines). The terminal is the simulated firmware,
// the ledger the reference one; the CLI runs from source as a child process.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COLUMNS = 72;

// Runs argv with its stdin, stdout and stderr on a new pty of COLUMNS columns and relays
// everything written there; with a path as first argument, stdout goes to that file
// instead (only stderr on the pty). Exits with the child's exit code.
const PTY_RUN = String.raw`
import fcntl, os, pty, struct, sys, termios
cols, stdout_file, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    if stdout_file != "-":
        os.dup2(os.open(stdout_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
    os.execvp(argv[0], argv)
out = sys.stdout.buffer
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out.write(data)
    out.flush()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

interface Run { code: number | null; out: string; stderr: string }

function kerb(args: string[], o: { pty: boolean; stdoutFile?: string }): Promise<Run> {
  const cli = [process.execPath, '--import', 'tsx', join(root, 'tests/support/kerb-cli.ts'), ...args];
  const [cmd, argv] = o.pty ? ['python3', ['-c', PTY_RUN, String(COLUMNS), o.stdoutFile ?? '-', ...cli]] : [cli[0], cli.slice(1)];
  const child = spawn(cmd, argv as string[], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' } });
  let out = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, stderr })));
}

// The bar's frames as drawn: each starts with a carriage return.
interface Frame { text: string; filled: number; uploaded: number; total: number }
function frames(out: string): Frame[] {
  const list: Frame[] = [];
  for (const piece of out.split('\r')) {
    const m = /^\[([#.]{30})\] (\d+)\/(\d+) uploaded/.exec(piece);
    if (m) list.push({ text: piece.replace(/\n[\s\S]*$/, ''), filled: m[1].split('#').length - 1, uploaded: Number(m[2]), total: Number(m[3]) });
  }
  return list;
}

let ledger: RunningLedger;
let sim: SimTerminal;
let served: ServedTerminal;
let terminalId: number;
let wallets: Wallet[];
let sold = 0;

// Sales at the simulated terminal, approved by its firmware.
function sell(n: number): void {
  for (let i = 0; i < n; i++) {
    const request = sim.terminal.startSale(100 + sold);
    expect(request, `sale refused: reason ${sim.terminal.notice}`).not.toBeNull();
    const out = sim.nfc.write(wallets[sold % wallets.length].pay(request!));
    expect(out && out[0] === 4 ? decodeReceipt(out).reason : -1).toBe(0);
    sold++;
  }
}

beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
  const issuer = await ledgerIssuer(ledger.url);
  sim = createSimTerminal({ clock: new SimClock(1000) });
  served = await serveTerminal(sim.api);
  const p = await provisionTerminal({
    port: served.url, ledger: ledger.url, merchantId: 8, currency: 978, perPaymentLimit: 5000, offlineTotalLimit: 1_000_000,
    maxOfflineAge: 86400, stateDir: mkdtempSync(join(tmpdir(), 'kerb-tty-provision-')), baud: 115200,
  });
  terminalId = p.terminalId;
  const now = Math.floor(Date.now() / 1000);
  wallets = [0, 1, 2].map((i) => createWallet(hostCrypto, (walletKey) => issuer.issue({
    walletId: 810_000 + i, walletKey, perPaymentLimit: 10_000, currency: 978, notBefore: now - 86400, expiry: now + 86400 * 30,
  })));
  await api(ledger.url, 'POST', '/v1/certificates', { certificates: wallets.map((w) => Buffer.from(w.certificate.bytes).toString('base64')) });
});
afterAll(async () => {
  await served?.close();
  await ledger?.close();
});

const sync = (stateDir: string, ledgerUrl = ledger.url) =>
  ['bridge', 'sync', '--port', served.url, '--ledger', ledgerUrl, '--state-dir', stateDir, '--batch', '4', '--upload-batch', '3', '--budget', '1', '--ledger-timeout', '300'];

describe('kerb bridge sync progress output', () => {
  it('draws a progress bar on a terminal, redrawn in place up to every sale, then a summary', async () => {
    sell(14);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-tty-'));
    const r = await kerb(sync(stateDir), { pty: true });
    expect(r.code, r.out + r.stderr).toBe(ExitCode.OK);
    const f = frames(r.out);
    expect(f.length).toBeGreaterThan(5);
    // Counts only grow, the total is the 14 sales from the first frame on, and the last
    // frame is a full bar.
    for (let i = 1; i < f.length; i++) expect(f[i].uploaded).toBeGreaterThanOrEqual(f[i - 1].uploaded);
    expect(new Set(f.map((x) => x.total))).toEqual(new Set([14]));
    // Uploads of 3 records interleaved with exports of 4: several partial counts on the way.
    expect(new Set(f.map((x) => x.uploaded).filter((n) => n > 0 && n < 14)).size).toBeGreaterThanOrEqual(4);
    expect(f[0].uploaded).toBe(0);
    expect(f.at(-1)).toMatchObject({ uploaded: 14, total: 14, filled: 30 });
    // Redrawn in place: no frame reaches the last column (which would wrap the line).
    for (const x of f) expect(x.text.length).toBeLessThan(COLUMNS);
    expect(r.out).not.toMatch(/^\{"/m);
    expect(r.out).toMatch(new RegExp(`terminal ${terminalId}: 14 uploaded, 0 quarantined by the ledger, 0 still on the terminal, 0 waiting in the outbox`));
    expect(r.out).toMatch(/exit 0\s*$/);
    expect(sim.api.info().count).toBe(0);
    expect((await ledgerRecords(ledger.url, terminalId)).filter((s) => s.status === 'accepted')).toHaveLength(14);
  });

  it('prints JSON lines when stdout is not a terminal, and counts a resumed outbox once on the bar', async () => {
    sell(6);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-tty-'));
    // The ledger is unreachable: the 6 sales wait in the outbox (exit 4, resumable).
    const down = await kerb(sync(stateDir, 'http://127.0.0.1:9'), { pty: false });
    expect(down.code, down.stderr).toBe(ExitCode.PARTIAL);
    const lines = down.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ event: 'hello', terminalId, held: 6 });
    expect(lines.at(-1)).toMatchObject({ event: 'done', exitCode: ExitCode.PARTIAL, outboxPending: 6, held: 6 });
    // Two more sales, then a run on a terminal: 8 records to move, 6 of them from the
    // outbox and also still on the terminal.
    sell(2);
    const r = await kerb(sync(stateDir), { pty: true });
    expect(r.code, r.out).toBe(ExitCode.OK);
    const f = frames(r.out);
    expect(new Set(f.map((x) => x.total))).toEqual(new Set([8]));
    expect(f.at(-1)).toMatchObject({ uploaded: 8, total: 8, filled: 30 });
    expect(r.out).toMatch(new RegExp(`terminal ${terminalId}: 8 uploaded, 0 quarantined`));
    expect(sim.api.info().count).toBe(0);
  });

  it('prints JSON lines on stdout when only stderr is a terminal (piped into a script)', async () => {
    sell(3);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-tty-'));
    const file = join(stateDir, 'stdout.jsonl');
    const r = await kerb(sync(stateDir), { pty: true, stdoutFile: file });
    expect(r.code, r.out).toBe(ExitCode.OK);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ event: 'done', exitCode: 0, outcome: 'complete', uploaded: 3, held: 0 });
    expect(frames(r.out)).toEqual([]);
  });
});
