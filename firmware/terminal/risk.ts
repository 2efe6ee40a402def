
// The offline risk state the decision needs, rebuilt from the journal at boot and
// updated as sales are approved or acknowledged: the last wallet counter seen per
// wallet, and the total, count and oldest time of sales not yet acknowledged.
// Journal records name the wallet only by certificate hash, so counters rebuilt at boot
// are keyed by hash; sales approved since boot also key them by wallet id. The decision
// takes the larger of the two (a replay is also stopped by the fresh challenge).
// A certificate hash's first 64 bits as an object key: two native reads instead of an
// interpreted hex loop (a collision could only make the counter check stricter).
function certKey(h: Uint8Array): string {
  const v = new DataView(h.buffer, h.byteOffset, 8);
  return v.getUint32(0) + ':' + v.getUint32(4);
}

export class RiskState {
  byWallet: { [walletId: string]: number };
  byCert: { [certKey: string]: number };
  unsyncedTotal: number;
  unsyncedCount: number;
  oldestUnsynced: number; // unix seconds; 0 when everything is acknowledged
  newestTime: number;

  constructor() {
    this.byWallet = {};
    this.byCert = {};
    this.unsyncedTotal = 0;
    this.unsyncedCount = 0;
    this.oldestUnsynced = 0;
    this.newestTime = 0;
  }

  lastCounter(walletId: number, certHash: Uint8Array): number {
    const a = this.byWallet[walletId] || 0;
    const b = this.byCert[certKey(certHash)] || 0;
    return a > b ? a : b;
  }

  // One approved sale, in journal order; `unsynced` unless the ledger acknowledged it.
  add(walletId: number, certHash: Uint8Array, walletCounter: number, amount: number, time: number, unsynced: boolean): void {
    const h = certKey(certHash);
    if (walletCounter > (this.byCert[h] || 0)) this.byCert[h] = walletCounter;
    if (walletId && walletCounter > (this.byWallet[walletId] || 0)) this.byWallet[walletId] = walletCounter;
    if (time > this.newestTime) this.newestTime = time;
    if (!unsynced) return;
    this.unsyncedTotal += amount;
    this.unsyncedCount++;
    if (!this.oldestUnsynced || time < this.oldestUnsynced) this.oldestUnsynced = time;
  }

  resetUnsynced(): void {
    this.unsyncedTotal = 0;
    this.unsyncedCount = 0;
    this.oldestUnsynced = 0;
  }
}
