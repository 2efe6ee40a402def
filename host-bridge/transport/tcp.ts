import { connect, type Socket } from 'node:net';
import { TransportError, type ByteTransport } from './transport';

// tcp://host:port — the simulator's host link.
export async function openTcp(host: string, port: number, timeoutMs = 5000): Promise<ByteTransport> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new TransportError(`tcp://${host}:${port}: no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(new TransportError(`tcp://${host}:${port}: ${e.message}`));
    });
  });
  socket.setNoDelay(true);
  const closeListeners: Array<(e?: Error) => void> = [];
  let lastError: Error | undefined;
  socket.on('error', (e) => {
    lastError = e;
  });
  socket.on('close', () => {
    for (const l of closeListeners) l(lastError);
  });
  return {
    description: `tcp://${host}:${port}`,
    write: (bytes) => new Promise((resolve, reject) => {
      socket.write(bytes, (e) => (e ? reject(new TransportError(e.message)) : resolve()));
    }),
    onData: (l) => {
      socket.on('data', (d: Buffer) => l(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
    },
    onClose: (l) => {
      closeListeners.push(l);
    },
    close: () => new Promise((resolve) => {
      if (socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 200).unref();
    }),
  };
}
