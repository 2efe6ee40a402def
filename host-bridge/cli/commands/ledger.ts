import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { EXIT_CODES_HELP, ExitCode } from '../exit-codes';
import { startLedger, DEFAULT_DATA_DIR } from '../../../ledger/index';

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65_535) throw new InvalidArgumentError('--port must be an integer in 0..65535');
  return n;
}

export function register(program: Command): void {
  program.command('ledger')
    .description('run the reference ledger (Ledger API, ledger/openapi.yaml) until Ctrl-C.\n'
      + `Storage: PGlite in --data (default ${DEFAULT_DATA_DIR}), in memory with --memory, or PostgreSQL when DATABASE_URL=postgres://… is set.\n`
      + 'KERB_LEDGER_ADMIN_TOKEN=… requires "Authorization: Bearer …" for enrolment, limits, issuer keys, revocations, records, settlement and conflicts.')
    .option('--port <port>', 'TCP port (0 picks a free one)', port, 8080)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'PGlite data directory')
    .option('--memory', 'keep everything in memory (lost on exit)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (o: { port: number; host: string; data?: string; memory?: boolean }) => {
      if (o.memory && o.data) {
        console.error('kerb ledger: give either --data or --memory, not both');
        process.exit(ExitCode.USAGE);
      }
      const useUrl = !o.memory && !o.data && process.env.DATABASE_URL;
      let ledger;
      try {
        const adminToken = process.env.KERB_LEDGER_ADMIN_TOKEN || undefined;
        ledger = await startLedger({ port: o.port, host: o.host, memory: o.memory, dataDir: useUrl ? undefined : resolve(o.data ?? DEFAULT_DATA_DIR), adminToken });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        console.error(`kerb ledger: cannot start: ${err.code === 'EADDRINUSE' ? `port ${o.port} is in use` : err.message}`);
        process.exit(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? ExitCode.USAGE : ExitCode.UNREACHABLE);
      }
      const where = useUrl ? 'PostgreSQL (DATABASE_URL)' : o.memory ? 'memory' : resolve(o.data ?? DEFAULT_DATA_DIR);
      console.log(`kerb ledger listening on ${ledger.url}  (storage: ${where}; admin token ${process.env.KERB_LEDGER_ADMIN_TOKEN ? 'required' : 'not set'}; Ctrl-C to stop)`);
      if (o.host !== '127.0.0.1' && o.host !== 'localhost' && !process.env.KERB_LEDGER_ADMIN_TOKEN) {
        console.log('kerb ledger: warning: listening beyond this machine without KERB_LEDGER_ADMIN_TOKEN; anyone who reaches it can enrol terminals and revoke wallets');
      }
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`kerb ledger: ${signal}, finishing requests in flight and closing the database`);
        await ledger.close();
        process.exit(ExitCode.OK);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
