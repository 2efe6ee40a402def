// The reference ledger as a child process that a campaign can SIGKILL and start again on
// the same data directory and port. argv: dataDir port. Prints "ready <url>" when up.
import { startLedger } from '../../ledger/index';

const [dataDir, port] = process.argv.slice(2);
const ledger = await startLedger({ dataDir, port: Number(port), workers: 1, log: () => {} });
process.stdout.write(`ready ${ledger.url}\n`);
process.on('SIGTERM', () => {
  void ledger.close().then(() => process.exit(0));
});
