import { InvalidArgumentError, type Command } from 'commander';
import { runMarketDay } from '../../demo/market-day';
import { formatReport } from '../../demo/report';
import { barProgress, type Progress } from '../progress';
import { ExitCode, EXIT_CODES_HELP } from '../exit-codes';

function whole(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

// A sync that prints one line when it is done: for logs and pipes, where a bar is noise.
function lineProgress(name: string): Progress {
  return {
    event: () => undefined,
    done: (report, code, error) => {
      console.log(`        ${name}: ${report ? `${report.uploaded} records uploaded, ${report.held} left on the terminal` : ''}${error ? ` error: ${error}` : ''} (exit ${code})`);
    },
  };
}

const silent: Progress = { event: () => undefined, done: () => undefined };

export function register(program: Command): void {
  program.command('demo')
    .description('run a market day end to end: reference ledger, simulated terminals trading offline with fraud and power cuts, then a sync over a pty')
    .option('--seed <n>', 'replays the same day for the same seed', whole('--seed', 0, 2 ** 31), 1)
    .option('--sales <n>', 'sales in the day, over all terminals', whole('--sales', 30, 5000), 300)
    .option('--terminals <n>', 'simulated terminals of the one merchant', whole('--terminals', 1, 8), 2)
    .option('--wallets <n>', 'ordinary customer wallets', whole('--wallets', 2, 1000), 60)
    .option('--power-cuts <n>', 'power cuts in the middle of sales', whole('--power-cuts', 0, 50), 5)
    .option('--out <dir>', 'folder for the ledger database, the bridge state and the PNG frames (emptied first)', '.kerb/demo')
    .option('--json', 'print the report as one JSON object instead of text')
    .addHelpText('after', `
The day runs offline on the real firmware (hal/sim), each terminal's flash laid out as the
Linux build's (16 journal pages of 4 KB: 416 sales before a sync). Every fraud the decision rules name is tried on every terminal: a replayed
payment, an expired certificate, a revoked wallet, an unknown issuer, over-limit amounts,
a tampered signature, a replayed wallet counter, a wrong amount, and one wallet spending
one counter at two terminals (only the ledger can see that). Then each terminal is
"plugged in": the bridge syncs it over a pty with the serialport package.
${EXIT_CODES_HELP}
  (1 here: a check of the report failed; the report says which)`)
    .action(async (o: { seed: number; sales: number; terminals: number; wallets: number; powerCuts: number; out: string; json?: boolean }) => {
      const tty = Boolean(process.stdout.isTTY) && !o.json;
      try {
        const report = await runMarketDay({
          ...o,
          progress: (name) => (o.json ? silent : tty ? barProgress(process.stdout) : lineProgress(name)),
          log: (line) => { if (!o.json) console.log(line); },
        });
        console.log(o.json ? JSON.stringify(report, null, 2) : formatReport(report));
        process.exitCode = report.ok ? ExitCode.OK : ExitCode.FAILED;
      } catch (e) {
        console.error(`demo failed: ${(e as Error).stack ?? e}`);
        process.exitCode = ExitCode.INTERNAL;
      }
    });
}
