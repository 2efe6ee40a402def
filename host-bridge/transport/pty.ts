import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

// A pty pair whose master end is relayed to a TCP endpoint, so a terminal served on a
// socket (the simulator, a test double) appears as a serial device that the bridge opens
// with `serialport`. Node cannot open a pty itself; python3's pty module can, and python3
// is on every machine this runs on (socat is not). The relay holds the slave open so the
// pty survives the bridge closing and reopening it.
const RELAY = String.raw`
import os, pty, select, socket, sys, tty
host, port = sys.argv[1], int(sys.argv[2])
master, slave = pty.openpty()
tty.setraw(slave)
tty.setraw(master)
sock = socket.create_connection((host, port))
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sys.stdout.write(os.ttyname(slave) + "\n")
sys.stdout.flush()
while True:
    ready, _, _ = select.select([master, sock, sys.stdin], [], [])
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if data:
            sock.sendall(data)
    if sock in ready:
        data = sock.recv(65536)
        if not data:
            break
        view = memoryview(data)
        while view:
            n = os.write(master, view)
            view = view[n:]
    if sys.stdin in ready:
        if not os.read(sys.stdin.fileno(), 4096):
            break
`;

export interface PtyRelay {
  path: string; // the slave device, e.g. /dev/pts/7
  process: ChildProcess;
  close(): Promise<void>;
}

export async function openPtyRelay(host: string, port: number): Promise<PtyRelay> {
  const child = spawn('python3', ['-c', RELAY, host, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const path = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (l) => resolve(l.trim()));
    child.once('error', (e) => reject(new Error(`cannot start python3 for the pty relay: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`pty relay exited (${code}): ${stderr.trim().slice(-400)}`)));
  });
  return {
    path,
    process: child,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin.end();
      setTimeout(() => child.kill('SIGTERM'), 500).unref();
    }),
  };
}
