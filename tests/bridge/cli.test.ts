import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { createIssuer } from '../../protocol/kit/issuer';
import { hostCrypto } from '../../protocol/crypto/host';
import { ExitCode } from '../../host-bridge/cli/exit-codes';
import { FakeTerminal } from '../support/fake-terminal';
import { serveTerminal } from '../support/terminal-line';
import { api, ledgerRecords } from '../support/bridge-rig';

// `kerb provision` and `kerb bridge sync` as a user runs them (the CLI source through tsx).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function kerb(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/support/kerb-cli.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let ledger: RunningLedger;
beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
});
afterAll(async () => {
  await ledger?.close();
});

describe('kerb provision and kerb bridge sync', () => {
  it('provisions a new terminal, syncs its sales, and refuses to provision it again', async () => {
    const t = new FakeTerminal({ walletIdBase: 500_000 });
    const served = await serveTerminal(t);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-cli-'));
    const p = await kerb(['provision', '--port', served.url, '--ledger', ledger.url, '--merchant', '31', '--state-dir', stateDir, '--json']);
    expect(p.code, p.stderr).toBe(ExitCode.OK);
    const out = JSON.parse(p.stdout.trim());
    expect(out).toMatchObject({ event: 'provisioned', merchantId: 31 });
    expect(p.stdout + p.stderr).not.toMatch(/authKey|enrolment"/);
    expect(t.enrolment?.terminalId).toBe(out.terminalId);
    expect(t.settings?.version).toBe(out.settingsVersion);

    const issuer = createIssuer(hostCrypto, 900_001);
    await api(ledger.url, 'PUT', '/v1/issuer-keys/900001', { publicKey: Buffer.from(issuer.publicKey).toString('base64'), notAfter: 0xffffffff });
    t.useIssuer(issuer);
    for (let i = 0; i < 5; i++) t.wallet(i);
    await api(ledger.url, 'POST', '/v1/certificates', { certificates: t.wallets.map((w) => Buffer.from(w.certificate.bytes).toString('base64')) });
    t.addSales(40);

    const s = await kerb(['bridge', 'sync', '--port', served.url, '--ledger', ledger.url, '--state-dir', stateDir, '--json']);
    expect(s.code, s.stderr).toBe(ExitCode.OK);
    const lines = s.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ event: 'done', exitCode: 0, outcome: 'complete', uploaded: 40, held: 0 });
    expect(lines.some((l) => l.event === 'exported')).toBe(true);
    expect((await ledgerRecords(ledger.url, out.terminalId)).map((r) => r.seq)).toEqual(t.approved);

    const again = await kerb(['provision', '--port', served.url, '--ledger', ledger.url, '--merchant', '31', '--state-dir', stateDir]);
    expect(again.code).toBe(ExitCode.REJECTED);
    expect(again.stderr).toMatch(/already provisioned/);
    await served.close();
  }, 60_000);

  it('documents and returns its exit codes', async () => {
    const help = await kerb(['bridge', 'sync', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/4 {2}partly done; run again to resume/);
    expect((await kerb(['bridge', 'sync', '--ledger', 'http://127.0.0.1:9', '--port', 'tcp://127.0.0.1:1', '--json'])).code).toBe(ExitCode.UNREACHABLE);
    expect((await kerb(['bridge', 'sync', '--ledger', 'nope', '--port', 'tcp://127.0.0.1:1', '--json'])).code).toBe(ExitCode.USAGE);
    expect((await kerb(['bridge', 'sync', '--ledger', 'http://x', '--port', 'x', '--batch', 'many'])).code).toBe(ExitCode.USAGE);
  }, 60_000);
});
