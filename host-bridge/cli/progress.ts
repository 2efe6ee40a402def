import type { SyncEvent, SyncReport } from '../sync/engine';

// How a sync reports as it goes: a one-line progress bar on a TTY, JSON lines otherwise
// (or with --json), one object per event, the last one {"event":"done",…}.
export interface Progress {
  event(e: SyncEvent | { event: 'retry'; what: string; attempt: number; delayMs: number; why: string } | { event: string; [k: string]: unknown }): void;
  done(report: SyncReport | null, exitCode: number, error?: string): void;
}

export function jsonProgress(out: NodeJS.WritableStream = process.stdout): Progress {
  return {
    event: (e) => out.write(JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n'),
    done: (report, exitCode, error) => out.write(JSON.stringify({ time: new Date().toISOString(), event: 'done', exitCode, ...(error ? { error } : {}), ...(report ?? {}) }) + '\n'),
  };
}

export function barProgress(out: NodeJS.WriteStream = process.stderr): Progress {
  let total = 0;
  let exported = 0;
  let uploaded = 0;
  let held = 0;
  let resumed = 0; // records a previous run left in the outbox
  let note = '';
  const width = 30;
  const draw = (): void => {
    // Records resumed from the outbox are usually still on the terminal too (not yet
    // acknowledged), so they are counted once; fresh exports past that estimate raise it.
    total = Math.max(total, resumed + exported, uploaded);
    const goal = Math.max(total, 1);
    const filled = Math.min(width, Math.round((uploaded / goal) * width));
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    out.write(`\r[${bar}] ${uploaded}/${total} uploaded, ${exported} read, ${held} on terminal ${note}`.slice(0, (out.columns || 100) - 1).padEnd(Math.min(out.columns || 100, 120) - 1));
  };
  return {
    event: (e) => {
      const ev = e as Record<string, unknown> & { event: string };
      if (ev.event === 'hello') {
        held = Number(ev.held);
        resumed = Number(ev.outboxPending);
        total = Math.max(held, resumed);
        note = `(terminal ${ev.terminalId})`;
      } else if (ev.event === 'exported') exported = Number(ev.total);
      else if (ev.event === 'uploaded') uploaded = Number(ev.total);
      else if (ev.event === 'acked') held = Number(ev.held);
      else if (ev.event === 'retry') note = `(ledger: ${ev.why}, retry ${ev.attempt})`;
      else if (ev.event === 'settings') note = `(settings v${ev.version})`;
      else if (ev.event === 'warning') {
        out.write(`\nwarning: ${ev.message}\n`);
      }
      draw();
    },
    done: (report, exitCode, error) => {
      out.write('\n');
      if (report) {
        out.write(`terminal ${report.terminalId}: ${report.uploaded} uploaded, ${report.rejected.length} quarantined by the ledger, `
          + `${report.held} still on the terminal, ${report.outboxPending} waiting in the outbox; settings v${report.settingsVersion}\n`);
        for (const p of report.problems) out.write(`  ${p}\n`);
      }
      if (error) out.write(`error: ${error}\n`);
      out.write(`exit ${exitCode}\n`);
    },
  };
}

// The bar (drawn on stderr) only for a person at a terminal: with stdout piped or
// redirected, a script is reading and gets JSON lines there, whatever stderr is.
export function chooseProgress(json: boolean): Progress {
  return forScript(json) ? jsonProgress() : barProgress();
}

function forScript(json: boolean): boolean {
  return json || !process.stdout.isTTY || !process.stderr.isTTY;
}

// JSON lines for runs without a bar (outbox flush, watch): on stdout for a script, on
// stderr beside the output when a person watches a terminal.
export function eventLog(json: boolean): Progress {
  return jsonProgress(forScript(json) ? process.stdout : process.stderr);
}
