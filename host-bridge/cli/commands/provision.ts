import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { EXIT_CODES_HELP, ExitCode } from '../exit-codes';
import { provisionTerminal, type ProvisionOptions } from '../../provision';
import { describe, exitCodeFor } from '../bridge-run';
import { usageExit } from './bridge';
import { DEFAULT_BAUD } from '../../transport/serial';

function int(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer in ${min}..${max}`);
    return n;
  };
}

export function register(program: Command): void {
  program.command('provision')
    .exitOverride(usageExit)
    .description('enrol a terminal at the ledger and give it its identity, key and settings over the serial link.\n'
      + 'The terminal must be new, or held in maintenance mode (see README "Host link").')
    .requiredOption('--port <port>', 'serial device or tcp://host:port')
    .requiredOption('--ledger <url>', 'Ledger API base URL')
    .requiredOption('--merchant <id>', 'merchant id', int('--merchant', 1, 0xffffffff))
    .option('--terminal-id <id>', 'terminal id (the ledger picks one otherwise)', int('--terminal-id', 1, 0xffffffff))
    .option('--label <text>', 'a name for the terminal at the ledger')
    .option('--currency <code>', 'ISO 4217 numeric currency', int('--currency', 1, 999), 978)
    .option('--per-payment-limit <minor>', 'largest single offline sale', int('--per-payment-limit', 1, 0xffffffff), 5000)
    .option('--offline-total-limit <minor>', 'largest unsynced total', int('--offline-total-limit', 1, 0xffffffff), 50000)
    .option('--max-offline-age <seconds>', 'oldest unsynced sale allowed', int('--max-offline-age', 1, 0xffffffff), 7 * 86400)
    .option('--state-dir <dir>', 'where an enrolment not yet delivered is kept (mode 0600) for a retry', '.kerb/bridge')
    .option('--baud <rate>', 'serial baud rate', int('--baud', 300, 4_000_000), DEFAULT_BAUD)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (o: ProvisionOptions & { json?: boolean; merchant: number }) => {
      try {
        const r = await provisionTerminal({ ...o, merchantId: o.merchant, stateDir: resolve(o.stateDir) });
        if (o.json) console.log(JSON.stringify({ event: 'provisioned', ...r }));
        else console.log(`terminal ${r.terminalId} (merchant ${r.merchantId}) provisioned; settings v${r.settingsVersion}`);
        process.exitCode = ExitCode.OK;
      } catch (e) {
        const code = exitCodeFor(e);
        if (o.json) console.log(JSON.stringify({ event: 'failed', exitCode: code, error: describe(e) }));
        else console.error(`provision failed: ${describe(e)}`);
        process.exitCode = code;
      }
    });
}
