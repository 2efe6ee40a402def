// The part of `pg` the ledger uses (the package ships no types; @types/pg is not needed
// for three calls).
declare module 'pg' {
  interface QueryResult { rows: unknown[] }
  interface PoolClient {
    query(sql: string, params?: unknown[]): Promise<QueryResult>;
    release(): void;
  }
  class Pool {
    constructor(options: { connectionString: string; max?: number });
    query(sql: string, params?: unknown[]): Promise<QueryResult>;
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
    on(event: 'error', listener: (err: Error) => void): this;
  }
  const types: { setTypeParser(oid: number, parse: (value: string) => unknown): void };
  const pg: { Pool: typeof Pool; types: typeof types };
  export default pg;
}
