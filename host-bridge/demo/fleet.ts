import { seededCrypto } from '../../protocol/crypto/host';
import type { SigningCrypto } from '../../protocol/crypto/port';
import { createIssuer, type Issuer } from '../../protocol/kit/issuer';
import { Wallet } from '../../protocol/kit/wallet';
import { LedgerClient, b64 } from '../sync/ledger-client';

// The demo's people and money: one issuer registered at the ledger, a rogue issuer the
// ledger has never heard of, and wallets with the certificates the day needs — most of
// them ordinary, a few made to be refused (expired, low limit, revoked, rogue).
export const CURRENCY = 978; // EUR
export const TERMINAL_LIMIT = 5_000; // €50.00 per payment
export const WALLET_LIMIT = 10_000;
export const LOW_WALLET_LIMIT = 500;

export interface Fleet {
  crypto: SigningCrypto;
  issuer: Issuer;
  wallets: Wallet[]; // ordinary, valid
  expired: Wallet;
  lowLimit: Wallet;
  revoked: Wallet;
  rogue: Wallet; // certified by an issuer the terminals do not know
}

export async function createFleet(ledger: LedgerClient, seed: number, walletCount: number, now: number): Promise<Fleet> {
  const crypto = seededCrypto(`kerb-demo-${seed}`);
  const issuer = createIssuer(crypto, 1, crypto.random(32));
  const rogueIssuer = createIssuer(crypto, 66, crypto.random(32));
  await ledger.call('register the issuer key', 'PUT', `/v1/issuer-keys/${issuer.keyId}`, {
    publicKey: b64(issuer.publicKey), notAfter: now + 365 * 86_400,
  });
  const make = (walletId: number, from: Issuer, limit: number, notBefore: number, expiry: number): Wallet => {
    const seedBytes = crypto.random(32);
    const cert = from.issue({ walletId, walletKey: crypto.publicKey(seedBytes), perPaymentLimit: limit, currency: CURRENCY, notBefore, expiry });
    return new Wallet(crypto, seedBytes, cert);
  };
  const wallets: Wallet[] = [];
  for (let i = 0; i < walletCount; i++) wallets.push(make(1000 + i, issuer, WALLET_LIMIT, now - 30 * 86_400, now + 365 * 86_400));
  const fleet: Fleet = {
    crypto, issuer, wallets,
    expired: make(900, issuer, WALLET_LIMIT, now - 400 * 86_400, now - 35 * 86_400),
    lowLimit: make(901, issuer, LOW_WALLET_LIMIT, now - 30 * 86_400, now + 365 * 86_400),
    revoked: make(902, issuer, WALLET_LIMIT, now - 30 * 86_400, now + 365 * 86_400),
    rogue: make(903, rogueIssuer, WALLET_LIMIT, now - 30 * 86_400, now + 365 * 86_400),
  };
  // The issuer tells the ledger about every certificate it signed, so the ledger can
  // check a record that names one by hash.
  const issued = [...wallets, fleet.expired, fleet.lowLimit, fleet.revoked].map((w) => b64(w.certificate.bytes));
  await ledger.call('register certificates', 'POST', '/v1/certificates', { certificates: issued });
  await ledger.call('revoke a wallet', 'POST', '/v1/revocations', { walletId: fleet.revoked.walletId, reason: 'reported stolen' });
  return fleet;
}

