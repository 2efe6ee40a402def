import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('demo')
    .description('run a market day end to end on simulated terminals')
    .action(() => {
      console.log('demo not yet available');
    });
}
