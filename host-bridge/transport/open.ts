import { openSerial, DEFAULT_BAUD } from './serial';
import { openTcp } from './tcp';
import { TransportError, type ByteTransport } from './transport';

// `--port` accepts a serial device path (/dev/ttyACM0, COM3, a pty) or tcp://host:port.
export function parsePort(spec: string): { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string } {
  if (spec.startsWith('tcp://')) {
    const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(spec);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) throw new TransportError(`bad TCP address '${spec}': expected tcp://host:port`);
    return { kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port };
  }
  if (!spec || /[\0\n]/.test(spec)) throw new TransportError(`bad serial port '${spec}'`);
  return { kind: 'serial', path: spec };
}

export function openTransport(spec: string, baudRate = DEFAULT_BAUD): Promise<ByteTransport> {
  const p = parsePort(spec);
  return p.kind === 'tcp' ? openTcp(p.host, p.port) : openSerial(p.path, baudRate);
}
