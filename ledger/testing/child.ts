// The reference ledger as a child process for crash tests: argv dataDir [port]. Prints
// "ready <url>" when it serves; SIGTERM closes it cleanly, SIGKILL is the test's business.
import { startLedger } from '../index';

const [dataDir, port] = process.argv.slice(2);
const ledger = await startLedger({ dataDir, port: Number(port ?? 0), workers: 1, log: () => {} });
process.stdout.write(`ready ${ledger.url}\n`);
process.on('SIGTERM', () => {
  void ledger.close().then(() => process.exit(0));
});
