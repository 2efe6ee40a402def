// Retry pacing for the ledger: exponential backoff with full jitter (the wait before
// attempt n is uniform in [0, min(cap, base·2^n))), bounded by an attempt count and a
// total time budget so a sync always ends, leaving the outbox for the next run.
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
  budgetMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 8000, maxAttempts: 12, budgetMs: 60_000 };

// The wait before retry number `attempt` (1 for the first retry), or null when the
// policy says stop: too many attempts, or the wait would pass the budget.
export function nextDelay(policy: BackoffPolicy, attempt: number, elapsedMs: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const delay = Math.floor((policy.random ?? Math.random)() * ceiling);
  return elapsedMs + delay > policy.budgetMs ? null : delay;
}
