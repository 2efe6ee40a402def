// Larger bad-input sweep against the reference ledger (invariant 6): many thousands of
// malformed and hostile requests over several seeds; prints counts per family and
// status, and checks that the database digest did not move and the service still works.
import { makeWorld } from '../../ledger/testing/world';
import { hostileContext, hostileRequests, sendHostile } from '../../ledger/testing/hostile';

const PER_SEED = Number(process.env.LEDGER_CAMPAIGN_REQUESTS ?? 5_000);
const SEEDS = [1, 2, 3, 4];

export async function run(): Promise<void> {
  const world = await makeWorld({ seed: 'ledger-campaign' });
  try {
    const ctx = await hostileContext(world);
    const before = await world.ledger.digest();
    const byFamily: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    const failures: unknown[] = [];
    let sent = 0;
    const start = performance.now();
    for (const seed of SEEDS) {
      const out = await sendHostile(world.ledger.url, hostileRequests(ctx, PER_SEED, seed), 16);
      sent += out.sent;
      for (const [k, v] of Object.entries(out.byFamily)) byFamily[k] = (byFamily[k] ?? 0) + v;
      for (const [k, v] of Object.entries(out.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
      failures.push(...out.failures);
    }
    const secs = (performance.now() - start) / 1000;
    const after = await world.ledger.digest();
    const health = await world.api('GET', '/v1/health');
    const honest = await world.upload(ctx.victim, ctx.pending);
    console.log(`ledger bad-input campaign: ${sent} requests in ${secs.toFixed(1)} s (${Math.round(sent / secs)}/s)`);
    console.log('  by status: ' + Object.entries(byStatus).sort().map(([k, v]) => `${k}: ${v}`).join(', '));
    for (const [k, v] of Object.entries(byFamily).sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(6)}  ${k}`);
    console.log(`  not a 4xx problem+json: ${failures.length}`);
    console.log(`  database digest unchanged: ${after.hash === before.hash} (${Object.entries(after.counts).map(([k, v]) => `${k}=${v}`).join(' ')})`);
    console.log(`  still serving: health ${health.status}, honest upload accepted ${honest.json?.accepted?.length ?? 0}/${ctx.pending.length}`);
    for (const f of failures.slice(0, 10)) console.log('  FAIL', JSON.stringify(f));
    if (failures.length || after.hash !== before.hash || health.status !== 200 || honest.json?.accepted?.length !== ctx.pending.length) {
      throw new Error('ledger bad-input campaign found problems');
    }
  } finally {
    await world.close();
  }
}
