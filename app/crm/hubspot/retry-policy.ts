// How long a failed write waits before its next attempt. Pure. HubSpot being down or rate limiting
// us never fails a write for good (nothing is lost while it is down); the wait grows to a cap.
import { backoffMs as exponentialBackoffMs, withJitter } from "../../lib/backoff";

export const MAX_BACKOFF_MS = 5 * 60_000;
/** A per-input error other than validation (HubSpot refusing that contact) is tried this often, then failed. */
export const MAX_INPUT_ERROR_ATTEMPTS = 10;

const jitter = (ms: number, random: () => number) => withJitter(ms, 0.25, random);
/** A rate-limit window is waited out in full: jitter only spreads retries after it, never into it. */
const windowWait = (ms: number, random: () => number) => Math.max(ms, jitter(ms, random));

/** 1 s, 2 s, 4 s … capped at 5 minutes, ±25 %. `attempt` counts from 1. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return exponentialBackoffMs(attempt, { baseMs: 1000, maxMs: MAX_BACKOFF_MS, jitter: 0.25, random });
}

/**
 * A 429: wait out the window the policy names (HubSpot's policyName), else back off. Never less than
 * the window: a retry inside HubSpot's rolling window is a second 429 in it (issue 17, R4).
 */
export function rateLimitDelayMs(
  policyName: string | undefined,
  attempt: number,
  random: () => number = Math.random,
): number {
  switch (policyName) {
    case "TEN_SECONDLY_ROLLING":
      return windowWait(10_000, random);
    case "SECONDLY":
      return windowWait(1_000, random);
    case "DAILY":
      return windowWait(60 * 60_000, random);
    default:
      return backoffMs(attempt, random);
  }
}
