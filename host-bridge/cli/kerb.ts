import { Command } from 'commander';

declare const KERB_VERSION: string;

const program = new Command('kerb')
  .description('Kerb offline payment terminals: simulator, bridge, reference ledger and tools')
  .version(KERB_VERSION);

program.command('demo')
  .description('run a market day end to end on simulated terminals')
  .action(() => {
    console.log('demo not yet available');
  });

await program.parseAsync(process.argv);
