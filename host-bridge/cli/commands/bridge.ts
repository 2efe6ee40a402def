import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { EXIT_CODES_HELP, ExitCode } from '../exit-codes';
import { chooseProgress, eventLog } from '../progress';
import { runSync, describe, exitCodeFor, type BridgeRunOptions } from '../bridge-run';
import { DEFAULT_USB_IDS, PortListUnavailable, parseUsbId, watchTerminals, type UsbId } from '../../watch';
import { flushOutboxes } from '../../sync/flush';
import { LedgerClient } from '../../sync/ledger-client';
import { DEFAULT_BAUD } from '../../transport/serial';

const DEFAULT_STATE_DIR = '.kerb/bridge';

function int(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer in ${min}..${max}`);
    return n;
  };
}

interface CommonOpts {
  ledger: string;
  stateDir: string;
  baud: number;
  json?: boolean;
  budget: number;
  ledgerTimeout: number;
  linkTimeout: number;
  batch: number;
  uploadBatch: number;
  settings: boolean;
}

function withCommon(c: Command): Command {
  return c
    .requiredOption('--ledger <url>', 'Ledger API base URL, e.g. http://127.0.0.1:8080')
    .option('--state-dir <dir>', 'where the durable outbox lives (one folder per terminal)', DEFAULT_STATE_DIR)
    .option('--baud <rate>', 'serial baud rate', int('--baud', 300, 4_000_000), DEFAULT_BAUD)
    .option('--json', 'print JSON lines instead of a progress bar (the default when stdout or stderr is not a TTY)')
    .option('--budget <seconds>', 'give up retrying the ledger after this long (records stay in the outbox)', int('--budget', 1, 86_400), 60)
    .option('--ledger-timeout <ms>', 'how long one ledger request may take before it is retried', int('--ledger-timeout', 100, 600_000), 15_000)
    .option('--link-timeout <ms>', 'silence on the serial line before a request is retried', int('--link-timeout', 50, 60_000), 1500)
    .option('--batch <n>', 'records per export request', int('--batch', 1, 65_535), 250)
    .option('--upload-batch <n>', 'records per ledger upload', int('--upload-batch', 1, 4096), 500)
    .option('--no-settings', 'do not push the ledger settings to the terminal');
}

function runOptions(port: string, o: CommonOpts): BridgeRunOptions {
  return {
    port, ledger: o.ledger, stateDir: resolve(o.stateDir), baud: o.baud, linkTimeoutMs: o.linkTimeout, budgetMs: o.budget * 1000, ledgerTimeoutMs: o.ledgerTimeout,
    exportBatch: o.batch, uploadBatch: o.uploadBatch, settings: o.settings,
  };
}

// Commander exits 1 on a bad option; our documented code for that is 2 (USAGE).
export function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : ExitCode.USAGE);
}

export function register(program: Command): void {
  const bridge = program.command('bridge').description('move a terminal\'s sales to the ledger over its serial link')
    .exitOverride(usageExit);

  withCommon(bridge.command('sync')
    .description('sync one terminal: pull its sales into the durable outbox, upload them, relay the ledger\'s acknowledgement, push settings.\n'
      + 'Without --port, uploads what the outboxes still hold (no terminal needed).')
    .option('--port <port>', 'serial device (/dev/ttyACM0, COM3, a pty) or tcp://host:port (the simulator)'))
    .addHelpText('after', EXIT_CODES_HELP + '\n\nState: the outbox is <state-dir>/<terminalId>/outbox.log (append-only, fsync\'d); a later run resumes from it.')
    .action(async (o: CommonOpts & { port?: string }) => {
      if (!o.port) {
        const progress = eventLog(!!o.json);
        try {
          const ledger = new LedgerClient(o.ledger, { timeoutMs: o.ledgerTimeout, backoff: { baseMs: 250, capMs: 8000, maxAttempts: 1000, budgetMs: o.budget * 1000 } });
          const results = await flushOutboxes(resolve(o.stateDir), ledger, o.uploadBatch);
          for (const r of results) progress.event({ event: 'flushed', ...r });
          const code = results.some((r) => r.pending > 0) ? ExitCode.PARTIAL : ExitCode.OK;
          progress.done(null, code);
          process.exitCode = code;
        } catch (e) {
          const code = exitCodeFor(e);
          progress.done(null, code, describe(e));
          process.exitCode = code;
        }
        return;
      }
      const { code } = await runSync(runOptions(o.port, o), chooseProgress(!!o.json));
      process.exitCode = code;
    });

  withCommon(bridge.command('watch')
    .description('wait for terminals (by USB vendor:product id) and sync each one when it is plugged in')
    .option('--usb <vid:pid...>', `USB ids to look for (default: ${DEFAULT_USB_IDS.map((i) => `${i.vendorId}:${i.productId}`).join(' ')})`)
    .option('--interval <ms>', 'how often to look for new ports', int('--interval', 100, 600_000), 2000))
    .addHelpText('after', EXIT_CODES_HELP + '\n\nNeeds `udevadm` on Linux (Debian package `udev`) to list USB serial ports; without it, exits 3 and says so.')
    .action(async (o: CommonOpts & { usb?: string[]; interval: number }) => {
      let ids: UsbId[];
      try {
        ids = o.usb ? o.usb.map(parseUsbId) : DEFAULT_USB_IDS;
      } catch (e) {
        console.error((e as Error).message);
        process.exitCode = ExitCode.USAGE;
        return;
      }
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      const log = eventLog(!!o.json);
      log.event({ event: 'watching', usb: ids.map((i) => `${i.vendorId}:${i.productId}`) });
      try {
        await watchTerminals({
          ids, intervalMs: o.interval, signal: stop.signal,
          onAppear: async (p) => {
            log.event({ event: 'plugged', path: p.path, usb: `${p.vendorId}:${p.productId}` });
            const { code } = await runSync(runOptions(p.path, o), chooseProgress(!!o.json));
            log.event({ event: 'synced', path: p.path, exitCode: code });
          },
          onGone: (path) => log.event({ event: 'unplugged', path }),
        });
      } catch (e) {
        if (e instanceof PortListUnavailable) {
          console.error(e.message);
          process.exitCode = ExitCode.UNREACHABLE;
          return;
        }
        throw e;
      }
    });
}
