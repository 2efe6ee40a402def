// Sets up what a bridge sync needs against a ledger speaking ledger/openapi.yaml: an
// issuer key, a terminal enrolled at the ledger (the fake terminal gets the enrolment
// message the ledger made, so records carry the ledger's K), wallet certificates
// registered, and sales in the terminal's journal.
import { hostCrypto } from '../../protocol/crypto/host';
import { createIssuer, type Issuer } from '../../protocol/kit/issuer';
import { decodeEnrolment } from '../../protocol/messages/enrolment';
import { FakeTerminal } from './fake-terminal';

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface RigOptions {
  terminalId?: number;
  merchantId?: number;
  sales?: number;
  wallets?: number;
}

// One issuer per ledger: a terminal's settings carry at most 4 issuer keys, so rigs that
// share a ledger share its issuer (and use distinct wallet ids).
const issuers = new Map<string, Promise<Issuer>>();

export function ledgerIssuer(ledgerUrl: string): Promise<Issuer> {
  let p = issuers.get(ledgerUrl);
  if (!p) {
    p = (async () => {
      const keyId = 1 + Math.floor(Math.random() * 0x7fffffff);
      const issuer = createIssuer(hostCrypto, keyId);
      await api(ledgerUrl, 'PUT', `/v1/issuer-keys/${keyId}`, { publicKey: b64(issuer.publicKey), notAfter: 0xffffffff });
      return issuer;
    })();
    issuers.set(ledgerUrl, p);
  }
  return p;
}

export async function enrolledTerminal(ledgerUrl: string, o: RigOptions = {}): Promise<FakeTerminal> {
  const issuer = await ledgerIssuer(ledgerUrl);
  const e = await api<{ terminalId: number; enrolment: string }>(ledgerUrl, 'POST', '/v1/terminals', {
    ...(o.terminalId ? { terminalId: o.terminalId } : {}), merchantId: o.merchantId ?? 77, currency: 978,
    perPaymentLimit: 1_000_000, offlineTotalLimit: 100_000_000, maxOfflineAge: 30 * 86400,
  });
  const walletIdBase = 1 + Math.floor(Math.random() * 0x3fffffff);
  const t = new FakeTerminal({ enrolment: decodeEnrolment(new Uint8Array(Buffer.from(e.enrolment, 'base64'))), walletIdBase });
  t.useIssuer(issuer);
  for (let i = 0; i < (o.wallets ?? 5); i++) t.wallet(i);
  await api(ledgerUrl, 'POST', '/v1/certificates', { certificates: t.wallets.map((w) => b64(w.certificate.bytes)) });
  t.addSales(o.sales ?? 0);
  return t;
}

export interface StoredRecordRow {
  seq: number;
  status: 'accepted' | 'rejected';
  record: string;
}

// Every record the ledger stores for a terminal, in seq order.
export async function ledgerRecords(ledgerUrl: string, terminalId: number): Promise<StoredRecordRow[]> {
  const out: StoredRecordRow[] = [];
  let after = 0;
  for (;;) {
    const page = await api<{ records: StoredRecordRow[]; next: number | null }>(ledgerUrl, 'GET', `/v1/terminals/${terminalId}/records?after=${after}&limit=1000`);
    out.push(...page.records);
    if (page.next === null || page.next === undefined || !page.records.length) return out;
    after = page.next;
  }
}
