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

// Raises the counter under `key` to `counter`.
function raise(counters: { [key: string]: number }, key: string | number, counter: number): void {
  if (counter > (counters[key] || 0)) counters[key] = counter;
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
    this.newestTime = this.unsyncedTotal = this.unsyncedCount = this.oldestUnsynced = 0;
  }

  lastCounter(walletId: number, certHash: Uint8Array): number {
    return Math.max(this.byWallet[walletId] || 0, this.byCert[certKey(certHash)] || 0);
  }

  // One unacknowledged sale, in journal order; walletId 0 when only the hash is known.
  add(walletId: number, certHash: Uint8Array, walletCounter: number, amount: number, time: number): void {
    raise(this.byCert, certKey(certHash), walletCounter);
    if (walletId) raise(this.byWallet, walletId, walletCounter);
    if (time > this.newestTime) this.newestTime = time;
    this.unsyncedTotal += amount;
    this.unsyncedCount++;
    if (!this.oldestUnsynced || time < this.oldestUnsynced) this.oldestUnsynced = time;
  }

  resetUnsynced(): void {
    this.unsyncedTotal = this.unsyncedCount = this.oldestUnsynced = 0;
  }
}
