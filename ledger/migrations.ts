// The ledger's schema, as numbered migrations applied in order (db.ts). Never edit a
// released migration; append a new one. Identifiers and amounts are u32 in the protocol,
// so they are bigint here; seconds are unix time.
export interface Migration {
  version: number;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE ledger_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        settings_epoch bigint NOT NULL
      )`,
      `INSERT INTO ledger_state (id, settings_epoch) VALUES (1, 1)`,
      `CREATE TABLE terminals (
        terminal_id bigint PRIMARY KEY,
        merchant_id bigint NOT NULL,
        label text,
        auth_key bytea NOT NULL,
        currency integer NOT NULL,
        per_payment_limit bigint NOT NULL,
        offline_total_limit bigint NOT NULL,
        max_offline_age bigint NOT NULL,
        last_seq bigint NOT NULL DEFAULT 0,
        last_tag bytea NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE TABLE issuer_keys (
        key_id bigint PRIMARY KEY,
        public_key bytea NOT NULL,
        not_after bigint NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE TABLE certificates (
        hash bytea PRIMARY KEY,
        wallet_id bigint NOT NULL,
        issuer_key_id bigint NOT NULL,
        wallet_key bytea NOT NULL,
        per_payment_limit bigint NOT NULL,
        currency integer NOT NULL,
        not_before bigint NOT NULL,
        expiry bigint NOT NULL,
        bytes bytea NOT NULL
      )`,
      `CREATE TABLE revocations (
        wallet_id bigint PRIMARY KEY,
        revoked_at bigint NOT NULL,
        reason text
      )`,
      `CREATE TABLE records (
        terminal_id bigint NOT NULL,
        seq bigint NOT NULL,
        merchant_id bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'rejected')),
        code text,
        time bigint NOT NULL,
        amount bigint NOT NULL,
        currency integer NOT NULL,
        wallet_id bigint NOT NULL,
        wallet_counter bigint NOT NULL,
        bytes bytea NOT NULL,
        received_at bigint NOT NULL,
        PRIMARY KEY (terminal_id, seq)
      )`,
      `CREATE INDEX records_settlement ON records (merchant_id, status, currency)`,
      // First use of each wallet counter by an authentic, otherwise valid record.
      `CREATE TABLE wallet_uses (
        wallet_id bigint NOT NULL,
        wallet_counter bigint NOT NULL,
        terminal_id bigint NOT NULL,
        seq bigint NOT NULL,
        PRIMARY KEY (wallet_id, wallet_counter)
      )`,
      `CREATE TABLE challenges (
        terminal_id bigint NOT NULL,
        challenge bytea NOT NULL,
        seq bigint NOT NULL,
        PRIMARY KEY (terminal_id, challenge)
      )`,
      // Highest counter settled per wallet and the record time it carried (rollback check).
      `CREATE TABLE wallet_heads (
        wallet_id bigint PRIMARY KEY,
        max_counter bigint NOT NULL,
        time bigint NOT NULL
      )`,
      `CREATE TABLE conflicts (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        terminal_id bigint NOT NULL,
        seq bigint NOT NULL,
        other_terminal_id bigint,
        other_seq bigint,
        wallet_id bigint,
        wallet_counter bigint,
        detected_at bigint NOT NULL,
        detail text NOT NULL,
        evidence bytea
      )`,
      `CREATE INDEX conflicts_terminal ON conflicts (terminal_id, id)`,
      `CREATE TABLE idempotency_keys (
        terminal_id bigint NOT NULL,
        key text NOT NULL,
        body_hash bytea NOT NULL,
        created_at bigint NOT NULL,
        PRIMARY KEY (terminal_id, key)
      )`,
    ],
  },
  {
    // Uniqueness of wallet counters and challenges moves onto the settled records
    // themselves (partial unique indexes): one heap insert per record instead of three.
    version: 2,
    statements: [
      `ALTER TABLE records ADD COLUMN challenge bytea`,
      `UPDATE records SET challenge = substring(bytes from 21 for 16)`,
      `ALTER TABLE records ALTER COLUMN challenge SET NOT NULL`,
      `CREATE UNIQUE INDEX records_wallet_counter ON records (wallet_id, wallet_counter) WHERE status = 'accepted'`,
      `CREATE UNIQUE INDEX records_challenge ON records (terminal_id, challenge) WHERE status = 'accepted'`,
      `DROP TABLE wallet_uses`,
      `DROP TABLE challenges`,
      `DROP TABLE wallet_heads`,
    ],
  },
  {
    // Settlement from running totals kept with each batch, instead of an index on every
    // record (cheaper ingest, constant-time settlement).
    version: 3,
    statements: [
      `CREATE TABLE settlement_totals (
        merchant_id bigint NOT NULL,
        currency integer NOT NULL,
        accepted_count bigint NOT NULL,
        accepted_amount bigint NOT NULL,
        rejected_count bigint NOT NULL,
        PRIMARY KEY (merchant_id, currency)
      )`,
      `INSERT INTO settlement_totals (merchant_id, currency, accepted_count, accepted_amount, rejected_count)
       SELECT merchant_id, currency, count(*) FILTER (WHERE status = 'accepted'),
         COALESCE(sum(amount) FILTER (WHERE status = 'accepted'), 0), count(*) FILTER (WHERE status = 'rejected')
       FROM records GROUP BY merchant_id, currency`,
      `DROP INDEX records_settlement`,
    ],
  },
  {
    // The rollback check reads each wallet's highest settled counter from a row kept per
    // wallet instead of scanning the wallet's records, which grew with every batch.
    version: 4,
    statements: [
      `CREATE TABLE wallet_heads (
        wallet_id bigint PRIMARY KEY,
        max_counter bigint NOT NULL,
        received_at bigint NOT NULL
      )`,
      `INSERT INTO wallet_heads (wallet_id, max_counter, received_at)
       SELECT DISTINCT ON (wallet_id) wallet_id, wallet_counter, received_at FROM records
       WHERE status = 'accepted' ORDER BY wallet_id, wallet_counter DESC`,
    ],
  },
];
