import { openTransport } from '../transport/open';
import { TransportError } from '../transport/transport';
import { LinkClient, LinkRefused, LinkTimeout } from '../link/client';
import { LedgerClient, LedgerConfigError, LedgerProblem, LedgerUnavailable } from '../sync/ledger-client';
import { syncTerminal, SyncRefused, type SyncReport } from '../sync/engine';
import { ProtocolError } from '../../protocol/errors';
import { ExitCode } from './exit-codes';
import type { Progress } from './progress';

export interface BridgeRunOptions {
  port: string;
  ledger: string;
  stateDir: string;
  baud: number;
  linkTimeoutMs: number;
  budgetMs: number;
  ledgerTimeoutMs: number;
  exportBatch: number;
  uploadBatch: number;
  settings: boolean;
}

// Test hook for the crash campaign (tools/campaign/bridge.ts): SIGKILL this process right
// after the N-th durable step of the sync, as a power cut or `kill -9` would.
function crashHook(): ((step: string) => void) | undefined {
  const n = Number(process.env.KERB_BRIDGE_CRASH_AFTER ?? 0);
  if (!n) return undefined;
  let count = 0;
  return (step) => {
    if (++count !== n) return;
    process.stdout.write(JSON.stringify({ event: 'crash', step }) + '\n');
    process.kill(process.pid, 'SIGKILL');
  };
}

// Bad arguments or configuration found after parsing (a malformed URL, say).
export class UsageError extends Error {
  override name = 'UsageError';
}

export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError || e instanceof LedgerConfigError) return ExitCode.USAGE;
  if (e instanceof SyncRefused || e instanceof LinkRefused || e instanceof LedgerProblem) return ExitCode.REJECTED;
  if (e instanceof LinkTimeout || e instanceof TransportError) return ExitCode.UNREACHABLE;
  if (e instanceof LedgerUnavailable) return ExitCode.PARTIAL;
  if (e instanceof ProtocolError) return ExitCode.FAILED;
  return ExitCode.INTERNAL;
}

export function describe(e: unknown): string {
  if (e instanceof ProtocolError) return e.toString();
  return e instanceof Error ? e.message : String(e);
}

export async function runSync(o: BridgeRunOptions, progress: Progress): Promise<{ code: number; report: SyncReport | null }> {
  let ledger: LedgerClient;
  try {
    ledger = ledgerClient(o, progress);
  } catch (e) {
    progress.done(null, ExitCode.USAGE, describe(e));
    return { code: ExitCode.USAGE, report: null };
  }
  let link: LinkClient | null = null;
  try {
    let transport;
    try {
      transport = await openTransport(o.port, o.baud);
    } catch (e) {
      throw e instanceof TransportError && /^bad /.test(e.message) ? new UsageError(e.message) : e;
    }
    link = new LinkClient(transport, { timeoutMs: o.linkTimeoutMs });
    const report = await syncTerminal({
      link, ledger, stateDir: o.stateDir, exportBatch: o.exportBatch, uploadBatch: o.uploadBatch, pushSettings: o.settings,
      onEvent: (e) => progress.event(e), onStep: crashHook(),
    });
    const code = report.outcome === 'complete' ? ExitCode.OK : ExitCode.PARTIAL;
    progress.done(report, code);
    return { code, report };
  } catch (e) {
    const code = exitCodeFor(e);
    progress.done(null, code, describe(e));
    return { code, report: null };
  } finally {
    await link?.close().catch(() => {});
  }
}

function ledgerClient(o: BridgeRunOptions, progress: Progress): LedgerClient {
  return new LedgerClient(o.ledger, {
    timeoutMs: o.ledgerTimeoutMs,
    backoff: { baseMs: 250, capMs: 8000, maxAttempts: 1000, budgetMs: o.budgetMs },
    onRetry: (what, attempt, delayMs, why) => progress.event({ event: 'retry', what, attempt, delayMs, why }),
  });
}
