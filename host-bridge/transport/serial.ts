import { SerialPort } from 'serialport';
import { TransportError, type ByteTransport } from './transport';

export const DEFAULT_BAUD = 115200;

// A serial port (a USB CDC terminal, or a pty in tests and the demo), opened raw 8N1.
export async function openSerial(path: string, baudRate = DEFAULT_BAUD): Promise<ByteTransport> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((e) => (e ? reject(new TransportError(`${path}: ${e.message}`)) : resolve()));
  });
  const closeListeners: Array<(e?: Error) => void> = [];
  port.on('close', (e?: Error) => {
    for (const l of closeListeners) l(e ?? undefined);
  });
  port.on('error', () => {
    // Surfaced through write callbacks and the close event.
  });
  return {
    description: path,
    write: (bytes) => new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (e) => {
        if (e) return reject(new TransportError(`${path}: ${e.message}`));
        port.drain((d) => (d ? reject(new TransportError(`${path}: ${d.message}`)) : resolve()));
      });
    }),
    onData: (l) => {
      port.on('data', (d: Buffer) => l(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
    },
    onClose: (l) => {
      closeListeners.push(l);
    },
    close: () => new Promise((resolve) => {
      if (!port.isOpen) return resolve();
      port.close(() => resolve());
    }),
  };
}
