import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESPRUINO, ESPRUINO_SKIP_REASON } from '../support/espruino';
import { flashBoard, flashArgs } from '../../host-bridge/cli/commands/flash';
import { startEspruinoTerminal } from './espruino-terminal';
import { LinkClient } from '../../host-bridge/link/client';

if (!ESPRUINO) console.log(`tests/sim/flash: ${ESPRUINO_SKIP_REASON}`);
const DIST = join(__dirname, '..', '..', 'dist', 'device');

async function waitForPort(port: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); res(true); });
      s.on('error', () => res(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('kerb flash', () => {
  it('writes the bundle as .bootcde and restarts into it, through the espruino CLI without BLE', () => {
    const args = flashArgs({ board: 'pixljs', port: '/dev/ttyACM0' }, '/x/pixljs.js');
    expect(args).toContain('--no-ble');
    expect(args.join(' ')).toContain('--storage .bootcde:/x/pixljs.js');
    expect(args.join(' ')).toContain('load');
  });

  // The flashing path end to end: an Espruino Linux build with --telnet stands in for a
  // board; after flashing, a bare interpreter on the same flash boots the terminal.
  it.skipIf(!ESPRUINO)('flashes the linux bundle over tcp:// and the flashed image boots and answers on its link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerb-flash-'));
    const board = spawn(ESPRUINO!, ['--telnet'], { cwd: dir, stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      expect(await waitForPort(2323, 10_000)).toBe(true);
      const r = await flashBoard({ board: 'linux', port: 'tcp://127.0.0.1:2323', timeoutMs: 240_000 });
      expect(r.ok, r.output.slice(-600)).toBe(true);
      // The pretokenised image went up, smaller than the bundle it was made from.
      expect(r.bytes).toBe(statSync(join(DIST, 'linux.tok')).size);
      expect(r.bytes).toBeLessThan(statSync(join(DIST, 'linux.js')).size * 0.9);
    } finally {
      board.kill('SIGKILL');
    }
    await new Promise((res) => setTimeout(res, 300));
    const term = startEspruinoTerminal(ESPRUINO!, null, dir);
    try {
      const link = new LinkClient(term.transport, { timeoutMs: 5000, attempts: 3 });
      const info = await link.hello();
      expect(info.board).toBe('linux');
      expect(info.firmware).toMatch(/^kerb-/);
    } finally {
      term.kill();
    }
  }, 300_000);
});
