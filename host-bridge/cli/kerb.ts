// The `kerb` command line: one file per command in ./commands, each exporting
// register(program). Exit codes are listed in ./exit-codes.ts and in every --help.
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exit-codes';
import { register as demo } from './commands/demo';
import { register as sim } from './commands/sim';
import { register as flash } from './commands/flash';
import { register as bridge } from './commands/bridge';
import { register as provision } from './commands/provision';
import { register as ledger } from './commands/ledger';

declare const KERB_VERSION: string;

const program = new Command('kerb')
  .description('Kerb offline payment terminals: simulator, host bridge, reference ledger and tools')
  .version(KERB_VERSION)
  .showHelpAfterError()
  .exitOverride();

demo(program);
sim(program);
flash(program);
bridge(program);
provision(program);
ledger(program);

// Commander's own failures (unknown option, bad value) are usage errors: exit 2, not 1,
// so scripts can tell them from a job whose checks failed.
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) {
    console.error(`kerb: internal error: ${(e as Error).stack ?? e}`);
    process.exitCode = ExitCode.INTERNAL;
  } else process.exitCode = e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
}
