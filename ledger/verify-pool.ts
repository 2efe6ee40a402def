import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { hostCrypto } from '../protocol/crypto/host';
import { VERIFY_WORKER_SOURCE } from './verify-worker-source';

// Ed25519 verification for bulk ingest, spread over worker threads. Strict RFC 8032
// semantics, the same as the terminal's: the workers refuse non-canonical encodings and
// small-order keys before OpenSSL runs, and whatever OpenSSL refuses is re-checked with
// the reference verifier (@noble/ed25519, strict mode), which uses the cofactored
// equation; so a signature is valid here exactly when the reference says so.
export interface VerifyItem {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

interface Pending {
  resolve: (out: Uint8Array) => void;
  reject: (e: Error) => void;
}

const CHUNK = 256;

export class VerifyPool {
  private workers: Worker[];
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private turn = 0;
  private failure: Error | null = null;

  constructor(size: number = Math.max(1, Math.min(availableParallelism(), 4))) {
    this.workers = [];
    for (let i = 0; i < size; i++) {
      const w = new Worker(VERIFY_WORKER_SOURCE, { eval: true });
      w.on('message', (m: { id: number; out: Uint8Array }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m.out);
      });
      w.on('error', (e) => this.fail(e));
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  // One boolean per item, in order.
  async verify(items: VerifyItem[]): Promise<boolean[]> {
    const chunks: Promise<Uint8Array>[] = [];
    for (let i = 0; i < items.length; i += CHUNK) chunks.push(this.run(items.slice(i, i + CHUNK)));
    const results: boolean[] = [];
    let i = 0;
    for (const out of await Promise.all(chunks)) {
      for (let j = 0; j < out.length; j++, i++) {
        const it = items[i];
        results.push(out[j] === 1 || (out[j] === 0 && hostCrypto.verify(it.signature, it.message, it.publicKey)));
      }
    }
    return results;
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
    this.fail(new Error('verify pool closed'));
  }

  private run(items: VerifyItem[]): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers.length === 0) return Promise.reject(new Error('verify pool closed'));
    const n = items.length;
    const keys = new Uint8Array(n * 32);
    const sigs = new Uint8Array(n * 64);
    const offs = new Uint32Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i++) total += items[i].message.length;
    const msgs = new Uint8Array(total);
    let o = 0;
    for (let i = 0; i < n; i++) {
      const it = items[i];
      if (it.publicKey.length !== 32 || it.signature.length !== 64) throw new Error('bad key or signature length');
      keys.set(it.publicKey, i * 32);
      sigs.set(it.signature, i * 64);
      offs[i] = o;
      msgs.set(it.message, o);
      o += it.message.length;
    }
    offs[n] = o;
    const id = this.nextId++;
    const w = this.workers[this.turn++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, n, keys, sigs, msgs, offs }, [keys.buffer, sigs.buffer, msgs.buffer, offs.buffer]);
    });
  }

  private fail(e: Error): void {
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
