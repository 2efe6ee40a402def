// An HTTP proxy in front of a ledger that fails a share of requests the two ways a
// network does: 503 without forwarding (the ledger never saw it), or forwarding and then
// never answering (the ledger committed, the client times out) — the case idempotency
// keys exist for.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mulberry32 } from './terminal-line';

export interface ProxyStats {
  requests: number;
  failed503: number;
  swallowed: number; // forwarded, answer withheld
  forwarded: number;
}

export interface FaultyProxy {
  url: string;
  stats: ProxyStats;
  setTarget(url: string): void;
  setFailRate(rate: number): void;
  close(): Promise<void>;
}

export async function startFaultyProxy(target: string, failRate: number, seed = 1): Promise<FaultyProxy> {
  const rnd = mulberry32(seed);
  let rate = failRate;
  let base = new URL(target);
  const stats: ProxyStats = { requests: 0, failed503: 0, swallowed: 0, forwarded: 0 };
  const sockets = new Set<Socket>();
  const forward = (req: IncomingMessage, body: Buffer, done: (status: number, headers: Record<string, string | string[] | undefined>, data: Buffer) => void, fail: () => void): void => {
    const up = request({ host: base.hostname, port: base.port, path: req.url, method: req.method, headers: { ...req.headers, host: base.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
      res.on('error', fail);
    });
    up.on('error', fail);
    up.end(body);
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      const body = Buffer.concat(chunks);
      const r = rnd();
      const problem = (): void => {
        res.writeHead(503, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'urn:kerb:ledger:unavailable', title: 'Service Unavailable', status: 503, code: 'unavailable' }));
      };
      if (r < rate / 2) {
        stats.failed503++;
        problem();
        return;
      }
      const swallow = r < rate;
      forward(req, body, (status, headers, data) => {
        if (swallow) {
          stats.swallowed++;
          return; // the client's timeout ends it
        }
        stats.forwarded++;
        res.writeHead(status, { 'content-type': String(headers['content-type'] ?? 'application/json') });
        res.end(data);
      }, () => {
        if (!res.headersSent) problem();
      });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setTarget: (url) => {
      base = new URL(url);
    },
    setFailRate: (x) => {
      rate = x;
    },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
