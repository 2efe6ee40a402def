// A byte stream to a terminal: a serial port or a TCP socket (the simulator). The link
// client (host-bridge/link/client.ts) frames on top of it.
export interface ByteTransport {
  readonly description: string;
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): void;
  onClose(listener: (error?: Error) => void): void;
  close(): Promise<void>;
}

export class TransportError extends Error {
  override name = 'TransportError';
}
