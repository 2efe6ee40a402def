import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostCrypto } from '../../../protocol/crypto/host';
import { createIssuer, type Issuer } from '../../../protocol/kit/issuer';
import { Wallet } from '../../../protocol/kit/wallet';
import { fromHex, toHex } from '../../../protocol/bytes';
import { decodeReceipt } from '../../../protocol/messages/receipt';
import { REASON_LABELS, reasonName } from '../../../protocol/reasons';
import { createSimTerminal, type SimTerminal } from '../../../hal/sim/terminal';
import { simFlashSet } from '../../../hal/sim/flash-store';
import { WallClock } from '../../../hal/sim/clock';
import { SimDisplay } from '../../../hal/sim/display';
import { keyFromTerminalInput } from '../../../hal/sim/buttons';
import { makeEnrolment, makeSettings } from '../../../hal/sim/ledger-kit';
import { screenView, screenOf, Screen } from '../../../firmware/terminal/screens';
import type { Terminal } from '../../../firmware/terminal/terminal';
import { drawRequestQr } from '../../../firmware/qr/render';
import type { PtyRelay } from '../../transport/pty';
import { serveSimTerminal } from '../../sim-endpoint';
import { ExitCode, EXIT_CODES_HELP } from '../exit-codes';

// `kerb sim`: the terminal firmware on the simulated HAL, for integrators without a
// board. The host link listens on a TCP port and, through a python3 pty relay, on a
// pty the bridge opens with serialport. The screen is drawn in the terminal and saved
// as PNG frames; wallet taps come from the wallet kit (keys w/h/f) or TAP frames.
export interface SimOptions {
  port: number;
  host: string;
  state: string;
  frames: string | null;
  pty: boolean;
  keyboard: boolean;
  selfProvision: boolean;
  quiet: boolean;
}

// The simulator's own stand-in for a ledger when run alone: the key it enrols the
// terminal with, the issuer of its wallets, and the wallets' counters, kept in the
// state directory so a restarted simulator carries on (never shown on screen).
interface SimLedger {
  terminalId: number;
  merchantId: number;
  authKey: string;
  issuerSeed: string;
  wallets: { seed: string; counter: number; walletId: number }[];
}

const SCREEN_NAMES = ['idle', 'amount', 'qr', 'approved', 'declined', 'sync-needed', 'error'];

function loadLedger(file: string): SimLedger {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SimLedger;
  const c = hostCrypto;
  const l: SimLedger = {
    terminalId: 1000 + (c.random(2)[0] % 9000), merchantId: 42, authKey: toHex(c.random(32)), issuerSeed: toHex(c.random(32)),
    wallets: [1, 2, 3].map((i) => ({ seed: toHex(c.random(32)), counter: 0, walletId: 500 + i })),
  };
  writeFileSync(file, JSON.stringify(l, null, 2), { mode: 0o600 });
  return l;
}

export interface RunningSim {
  sim: SimTerminal;
  port: number;
  pty: PtyRelay | null;
  display: SimDisplay;
  tap(kind: 'good' | 'hash' | 'forged'): string;
  close(): Promise<void>;
}

export async function startSim(o: SimOptions): Promise<RunningSim> {
  mkdirSync(o.state, { recursive: true });
  const ledgerFile = join(o.state, 'sim-ledger.json');
  const ledger = loadLedger(ledgerFile);
  const authKey = fromHex(ledger.authKey);
  const issuer: Issuer = createIssuer(hostCrypto, 1, fromHex(ledger.issuerSeed));
  const display = new SimDisplay(128, 64);
  let frame = 0;
  const screens = screenView(display, drawRequestQr);
  const log = (s: string) => { if (!o.quiet) process.stdout.write(s + '\n'); };
  const view = {
    show(t: Terminal) {
      screens.show(t);
      const name = SCREEN_NAMES[screenOf(t)];
      if (o.frames) {
        display.saveFrame(o.frames, `frame-${String(++frame).padStart(4, '0')}-${name}`, 3);
        display.saveFrame(o.frames, 'latest', 3);
      }
      if (o.quiet) return;
      if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H' + display.toTerminal() + '\n');
      log(`[${name}]` + (screenOf(t) === Screen.DECLINED ? ` ${reasonName(t.reason)}` : '') + '  keys: digits Enter Esc +/- Tab | w tap wallet, h hash-only tap, f forged tap, q quit');
    },
  };
  const flash = simFlashSet({ board: 'linux', dir: o.state });
  const sim = createSimTerminal({ store: flash.reopen(), clock: new WallClock(), crypto: hostCrypto, view });
  const t = sim.terminal;
  if (o.selfProvision && !t.enrolment) {
    sim.api.enrol(makeEnrolment({ terminalId: ledger.terminalId, merchantId: ledger.merchantId, authKey }));
  }
  if (o.selfProvision && t.enrolment && t.enrolment.terminalId === ledger.terminalId) {
    const now = Math.floor(Date.now() / 1000);
    sim.api.pushSettings(makeSettings(hostCrypto, authKey, {
      terminalId: ledger.terminalId, version: Math.max(now, (t.settings?.version ?? 0) + 1), time: now, perPaymentLimit: 5000,
      offlineTotalLimit: 50000, maxOfflineAge: 3 * 86400, currency: 978,
      issuerKeys: [{ keyId: 1, publicKey: issuer.publicKey, notAfter: now + 365 * 86400 }], denyList: [],
    }));
  }
  const wallets = ledger.wallets.map((w) => {
    const seed = fromHex(w.seed);
    const now = Math.floor(Date.now() / 1000);
    const cert = issuer.issue({ walletId: w.walletId, walletKey: hostCrypto.publicKey(seed), perPaymentLimit: 10000, currency: 978, notBefore: now - 86400, expiry: now + 365 * 86400 });
    return new Wallet(hostCrypto, seed, cert, w.counter);
  });
  let next = 0;
  const tap = (kind: 'good' | 'hash' | 'forged'): string => {
    const q = sim.nfc.read();
    if (!q || q[0] !== 1) return 'no payment request is being shown';
    const w = wallets[next++ % wallets.length];
    const p = w.pay(q, { includeCertificate: kind !== 'hash' });
    if (kind === 'forged') p[p.length - 10] ^= 1;
    ledger.wallets.forEach((x, i) => { x.counter = wallets[i].counter; });
    writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2), { mode: 0o600 });
    const out = sim.nfc.write(p);
    if (!out || out[0] !== 4) return 'no receipt';
    const rc = decodeReceipt(out);
    return rc.approved ? `APPROVED sale #${rc.seq}` : `DECLINED ${REASON_LABELS[rc.reason]}`;
  };

  const endpoint = await serveSimTerminal(sim, { host: o.host, port: o.port, pty: o.pty });
  return {
    sim, port: endpoint.port, pty: endpoint.pty, display, tap,
    close: async () => {
      await endpoint.close();
      // Stop the terminal's pending timeout so the process can exit.
      if (t.timer !== undefined) t.deps.clock.clearTimeout(t.timer);
    },
  };
}

export function register(program: Command): void {
  program.command('sim')
    .description('run the terminal firmware on the simulated HAL: host link on TCP and a pty, screen in the terminal')
    .option('--port <n>', 'TCP port of the host link (0: any free port)', (v) => Number(v), 2323)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--state <dir>', 'directory for the simulated flash and the stand-in ledger keys', '.kerb/sim')
    .option('--frames <dir>', 'save every screen as a PNG here (default <state>/frames)')
    .option('--no-frames', 'do not save PNG frames')
    .option('--no-pty', 'do not open a pty (needs python3)')
    .option('--blank', 'start unprovisioned: enrol and push settings with `kerb provision` / the bridge')
    .option('--quiet', 'do not draw the screen')
    .addHelpText('after', `
Keys: digits and Enter enter an amount (Enter again shows the QR code), Esc cancels,
+/- and Tab turn and move the digit cursor as the Pixl.js buttons do; w taps a kit
wallet, h taps sending only the certificate hash, f taps a forged payment; q quits.
Hosts send wallet payments as TAP frames (0x11) after SALE (0x10) on the link.${EXIT_CODES_HELP}`)
    .action(async (opts: { port: number; host: string; state: string; frames?: string | false; pty: boolean; blank?: boolean; quiet?: boolean }) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
        console.error('--port must be 0..65535');
        process.exitCode = ExitCode.USAGE;
        return;
      }
      const state = resolve(opts.state);
      const frames = opts.frames === false ? null : resolve(opts.frames ?? join(state, 'frames'));
      let running: RunningSim;
      try {
        running = await startSim({
          port: opts.port, host: opts.host, state, frames, pty: opts.pty, keyboard: true,
          selfProvision: !opts.blank, quiet: !!opts.quiet,
        });
      } catch (e) {
        console.error(`cannot start the simulator: ${(e as Error).message}`);
        process.exitCode = ExitCode.UNREACHABLE;
        return;
      }
      console.log(`host link: tcp://${opts.host}:${running.port}` + (running.pty ? `  pty: ${running.pty.path}` : '') + (frames ? `  frames: ${frames}` : ''));
      running.sim.terminal.redraw();
      const stop = async () => {
        if (process.stdin.isTTY) process.stdin.setRawMode(false);
        await running.close();
        process.exit(ExitCode.OK);
      };
      process.on('SIGINT', () => { void stop(); });
      process.on('SIGTERM', () => { void stop(); });
      if (process.stdin.isTTY) {
        process.stdin.setRawMode(true);
        process.stdin.on('data', (b: Buffer) => {
          const s = b.toString('latin1');
          if (s === 'q' || s === '\x03') return void stop();
          if (s === 'w' || s === 'h' || s === 'f') {
            const msg = running.tap(s === 'w' ? 'good' : s === 'h' ? 'hash' : 'forged');
            if (!opts.quiet) console.log(msg);
            return;
          }
          const k = keyFromTerminalInput(s);
          if (k !== undefined) running.sim.buttons.press(k);
        });
      }
    });
}
