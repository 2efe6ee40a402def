// Serves a TerminalLinkApi (the fake terminal, or the firmware in the simulator) on a TCP
// port through the real terminal-side dispatcher, as a serial line would carry it: bytes
// paced at the line's baud rate (10 bits per byte, 8N1) and, when asked, bit flips and
// dropped bytes in both directions. Put a pty relay (host-bridge/transport/pty.ts) in
// front of it to reach it through `serialport`.
import { createServer, type Server, type Socket } from 'node:net';
import { crc32 } from '../../protocol/link/crc32';
import { LinkDispatcher } from '../../firmware/link/dispatcher';
import type { TerminalLinkApi } from '../../firmware/link/api';

export interface LineFaults {
  flipRate?: number; // probability per byte of one flipped bit
  dropRate?: number; // probability per byte of losing it
  seed?: number;
}

export interface LineOptions {
  baud?: number; // pace terminal → host bytes at this rate; unpaced when absent
  faults?: LineFaults;
  maxPayload?: number;
}

export interface LineStats {
  bytesToHost: number;
  bytesFromHost: number;
  flipped: number;
  dropped: number;
  requests: number;
  corruptRequests: number; // frames from the host whose CRC failed at the terminal
}

export interface ServedTerminal {
  port: number;
  url: string;
  stats: LineStats;
  faults: LineFaults;
  close(): Promise<void>;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corrupt(bytes: Uint8Array, faults: LineFaults, rnd: () => number, stats: LineStats): Uint8Array {
  const flip = faults.flipRate ?? 0;
  const drop = faults.dropRate ?? 0;
  if (!flip && !drop) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    if (drop && rnd() < drop) {
      stats.dropped++;
      continue;
    }
    if (flip && rnd() < flip) {
      stats.flipped++;
      out.push(b ^ (1 << Math.floor(rnd() * 8)));
    } else out.push(b);
  }
  return Uint8Array.from(out);
}

// Writes to a socket no faster than a UART at `baud` would, in slices, in order.
class PacedWriter {
  socket: Socket;
  bytesPerMs: number;
  queue: Uint8Array[] = [];
  busy = false;
  freeAt = 0;
  constructor(socket: Socket, baud: number) {
    this.socket = socket;
    this.bytesPerMs = baud / 10 / 1000;
  }
  write(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i += 256) this.queue.push(bytes.subarray(i, i + 256));
    if (!this.busy) this.pump(false);
  }
  // A UART sends queued bytes back to back: while busy, each slice's end time follows the
  // previous one's (timer lateness is not lost); an idle line starts from now.
  pump(continuing: boolean): void {
    const slice = this.queue.shift();
    if (!slice) {
      this.busy = false;
      return;
    }
    this.busy = true;
    const now = performance.now();
    this.freeAt = (continuing ? this.freeAt : Math.max(this.freeAt, now)) + slice.length / this.bytesPerMs;
    setTimeout(() => {
      if (!this.socket.destroyed) this.socket.write(slice);
      this.pump(true);
    }, Math.max(0, this.freeAt - now));
  }
}

export async function serveTerminal(api: TerminalLinkApi, options: LineOptions = {}): Promise<ServedTerminal> {
  const stats: LineStats = { bytesToHost: 0, bytesFromHost: 0, flipped: 0, dropped: 0, requests: 0, corruptRequests: 0 };
  const faults: LineFaults = { ...(options.faults ?? {}) };
  const rnd = mulberry32(faults.seed ?? 1);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const paced = options.baud ? new PacedWriter(socket, options.baud) : null;
    const dispatcher = new LinkDispatcher(api, crc32, (bytes) => {
      const out = corrupt(bytes, faults, rnd, stats);
      stats.bytesToHost += out.length;
      if (paced) paced.write(out);
      else socket.write(out);
    }, options.maxPayload);
    socket.on('data', (d: Buffer) => {
      stats.bytesFromHost += d.length;
      const before = dispatcher.requests;
      const bad = dispatcher.corrupt;
      dispatcher.feed(corrupt(new Uint8Array(d), faults, rnd, stats));
      stats.requests += dispatcher.requests - before;
      stats.corruptRequests += dispatcher.corrupt - bad;
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `tcp://127.0.0.1:${port}`,
    stats,
    faults,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
