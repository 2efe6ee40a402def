import { createServer, type Socket } from 'node:net';
import type { SimTerminal } from '../hal/sim/terminal';
import { openPtyRelay, type PtyRelay } from './transport/pty';

// A simulated terminal's host link as a real device would offer it: a TCP port, and a
// pty (through the python3 relay) that the bridge opens with `serialport` like a USB
// serial port. Each connection gets its own frame decoder.
export interface SimEndpoint {
  port: number;
  pty: PtyRelay | null;
  close(): Promise<void>;
}

export async function serveSimTerminal(sim: SimTerminal, o: { host?: string; port?: number; pty?: boolean } = {}): Promise<SimEndpoint> {
  const host = o.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.setNoDelay(true);
    const d = sim.connect((b) => { if (!sock.destroyed) sock.write(b); });
    sock.on('data', (b) => d.feed(new Uint8Array(b)));
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (o.port ?? 0);
  const pty = o.pty ? await openPtyRelay(host, port) : null;
  return {
    port,
    pty,
    close: async () => {
      if (pty) await pty.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
