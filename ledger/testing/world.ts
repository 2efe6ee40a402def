import { startLedger, type RunningLedger, type LedgerOptions } from '../index';
import { JournalWriter, fastSigningCrypto } from './journal-writer';
import { createIssuer, type Issuer } from '../../protocol/kit/issuer';
import { createWallet, type Wallet } from '../../protocol/kit/wallet';
import { seededRandom } from '../../protocol/crypto/host';

// A small world for ledger tests: a running ledger, one registered issuer, wallets with
// registered certificates, and terminals enrolled through the API.
export const CURRENCY = 978;
export const T0 = 1_800_000_000; // sale times; certificates run from T0 - 1 day to T0 + 1 year

export interface Api {
  (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; type: string; json: any }>;
}

export function apiFor(url: string): Api {
  return async (method, path, body, headers = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: text ? JSON.parse(text) : null };
  };
}

export const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export interface World {
  ledger: RunningLedger;
  api: Api;
  issuer: Issuer;
  wallets: Wallet[];
  terminal(merchantId?: number): Promise<JournalWriter>;
  upload(w: JournalWriter, records: Uint8Array[], key?: string): Promise<{ status: number; type: string; json: any }>;
  close(): Promise<void>;
}

export async function makeWorld(options: LedgerOptions & { wallets?: number; seed?: string } = {}): Promise<World> {
  const ledger = await startLedger({ memory: options.dataDir === undefined, workers: 2, clock: () => T0 + 86_400 * 30, log: () => {}, ...options });
  const api = apiFor(ledger.url);
  const crypto = { ...fastSigningCrypto(), random: seededRandom(options.seed ?? 'ledger-tests') };
  const issuer = createIssuer(crypto, 7);
  const put = await api('PUT', '/v1/issuer-keys/7', { publicKey: b64(issuer.publicKey), notAfter: T0 + 86_400 * 400 });
  if (put.status !== 200) throw new Error('issuer key: ' + JSON.stringify(put.json));
  const wallets: Wallet[] = [];
  for (let i = 0; i < (options.wallets ?? 4); i++) {
    wallets.push(createWallet(crypto, (walletKey) => issuer.issue({
      walletId: 100 + i, walletKey, perPaymentLimit: 50_000, currency: CURRENCY, notBefore: T0 - 86_400, expiry: T0 + 86_400 * 365,
    })));
  }
  const reg = await api('POST', '/v1/certificates', { certificates: wallets.map((w) => b64(w.certificate.bytes)) });
  if (reg.status !== 200) throw new Error('certificates: ' + JSON.stringify(reg.json));
  let uploads = 0;
  return {
    ledger,
    api,
    issuer,
    wallets,
    async terminal(merchantId = 1) {
      const r = await api('POST', '/v1/terminals', { merchantId, currency: CURRENCY, perPaymentLimit: 50_000, offlineTotalLimit: 500_000, maxOfflineAge: 86_400 * 3 });
      if (r.status !== 201) throw new Error('enrol: ' + JSON.stringify(r.json));
      return new JournalWriter(r.json.terminalId, merchantId, new Uint8Array(Buffer.from(r.json.authKey, 'base64')), CURRENCY);
    },
    upload(w, records, key) {
      return api('POST', `/v1/terminals/${w.terminalId}/batches`, { records: records.map(b64) }, { 'idempotency-key': key ?? `t${w.terminalId}-u${++uploads}` });
    },
    close: () => ledger.close(),
  };
}
