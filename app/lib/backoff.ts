// Exponential backoff, the one formula behind every retry wait: the job queue's, the email
// sender's in-process retries, the CRM writes' and the Shopify Admin client's. Pure.

export type Backoff = {
  /** The first wait. */
  baseMs: number;
  /** No wait is longer. */
  maxMs: number;
  /** Spread each wait by ± this fraction (0.25: 75 %–125 %), so retries do not arrive together. */
  jitter?: number;
  random?: () => number;
};

/** base, 2·base, 4·base … capped at maxMs, spread by the jitter. `attempt` counts from 1. */
export function backoffMs(attempt: number, backoff: Backoff): number {
  const ms = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return withJitter(ms, backoff.jitter ?? 0, backoff.random);
}

/** `ms` spread by ± `fraction`. */
export function withJitter(ms: number, fraction: number, random: () => number = Math.random): number {
  return fraction ? Math.round(ms * (1 - fraction + random() * 2 * fraction)) : ms;
}
