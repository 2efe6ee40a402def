// `kerb bridge sync` as a child process for the campaigns, without the CLI bundle:
// argv[2] is the JSON of BridgeRunOptions. Prints the sync's JSON lines and exits with
// the CLI's exit code; KERB_BRIDGE_CRASH_AFTER makes it SIGKILL itself mid-sync.
import { runSync, type BridgeRunOptions } from '../../host-bridge/cli/bridge-run';
import { jsonProgress } from '../../host-bridge/cli/progress';

const options = JSON.parse(process.argv[2]) as BridgeRunOptions;
const { code } = await runSync(options, jsonProgress());
process.exit(code);
