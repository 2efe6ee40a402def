import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { runMarketDay } from '../../host-bridge/demo/market-day';
import { FRAUDS } from '../../host-bridge/demo/day';
import { reasonName } from '../../protocol/reasons';
import { decodeRequest } from '../../protocol/messages/request';
import { requestFromText } from '../../protocol/text/request-text';

const quiet = { event: () => undefined, done: () => undefined };

describe('the market-day demo (npm start) on a small day', () => {
  it('trades offline with every fraud and power cuts, syncs over a pty, and every check holds', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kerb-demo-'));
    const r = await runMarketDay({ seed: 7, sales: 90, terminals: 2, wallets: 12, powerCuts: 3, out, progress: () => quiet, log: () => undefined });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.sales).toBe(90);
    // Each terminal declined each refusable fraud once, with its own reason.
    const refusals = Object.values(FRAUDS).filter((code) => code !== 0).map(reasonName).sort();
    for (const t of r.terminals) expect(Object.keys(t.declined).sort()).toEqual(refusals);
    // Only the ledger saw the double spend; nothing else looked like a conflict.
    expect(r.conflicts.map((c) => c.kind)).toEqual(['double_spend']);
    expect(r.settlement.quarantined).toBe(1);
    expect(r.terminals.reduce((a, t) => a + t.powerCuts, 0)).toBe(3);
    // The settled amount is what the terminals approved, less the quarantined double spend.
    const approved = r.terminals.reduce((a, t) => a + t.approvedAmount, 0);
    expect(r.settlement.totals[0].amount).toBeLessThan(approved);
    // The request screen saved as PNG is a real QR code that decodes to the request shown.
    const png = PNG.sync.read(readFileSync(join(r.framesDir, 'terminal-1-request-12.50.png')));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr).not.toBeNull();
    expect(decodeRequest(requestFromText(qr!.data)).amount).toBe(1250);
    expect(readdirSync(r.framesDir).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(10);
  });

  it('the same seed replays the same day', async () => {
    const run = () => runMarketDay({ seed: 3, sales: 40, terminals: 1, wallets: 6, powerCuts: 1, out: mkdtempSync(join(tmpdir(), 'kerb-demo-')), progress: () => quiet, log: () => undefined });
    const a = await run();
    const b = await run();
    expect(b.terminals).toEqual(a.terminals);
    expect(b.settlement).toEqual(a.settlement);
  });

  it('kerb demo --json exits 0 with a parseable report, and 2 on a bad option', () => {
    const kerb = join(__dirname, '..', '..', 'bin', 'kerb.mjs');
    const out = mkdtempSync(join(tmpdir(), 'kerb-demo-'));
    const ok = spawnSync(process.execPath, [kerb, 'demo', '--sales', '40', '--terminals', '1', '--power-cuts', '1', '--json', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(ok.status, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.ok).toBe(true);
    expect(report.terminals).toHaveLength(1);
    const bad = spawnSync(process.execPath, [kerb, 'demo', '--sales', 'lots'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--sales must be a whole number');
  });
});
