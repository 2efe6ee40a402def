import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Outbox } from './outbox';
import { idempotencyKey } from './engine';
import { unb64, type LedgerClient } from './ledger-client';

// Uploads what every terminal's outbox still holds, with no terminal attached (a bridge
// that lost its network mid-sync catches up later). Acks wait for the terminal's next sync.
export interface FlushResult {
  terminalId: number;
  uploaded: number;
  pending: number;
}

export async function flushOutboxes(stateDir: string, ledger: LedgerClient, batch = 500): Promise<FlushResult[]> {
  if (!existsSync(stateDir)) return [];
  const out: FlushResult[] = [];
  for (const name of readdirSync(stateDir).filter((n) => /^\d+$/.test(n)).sort()) {
    const tid = Number(name);
    const box = new Outbox(join(stateDir, name));
    let uploaded = 0;
    try {
      for (;;) {
        const pending = box.pending().slice(0, batch);
        if (!pending.length) break;
        const res = await ledger.upload(tid, pending, idempotencyKey(tid, pending));
        if (res.cursor.lastSeq <= box.state.ledgerThrough) break;
        box.noteLedger(res.cursor.lastSeq, res.ack ? unb64(res.ack) : null);
        uploaded += pending.filter((r) => new DataView(r.buffer, r.byteOffset).getUint32(2, true) <= res.cursor.lastSeq).length;
        if (res.retry.length) break;
      }
      out.push({ terminalId: tid, uploaded, pending: box.pending().length });
    } finally {
      box.close();
    }
  }
  return out;
}
