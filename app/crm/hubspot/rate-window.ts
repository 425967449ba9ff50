// The arithmetic of the per-portal rate limit, kept pure so it can be tested without a database.
// HubSpot counts a rolling 10-second window (policy TEN_SECONDLY_ROLLING). We count requests in
// 1-second buckets and, before granting one, add up every bucket that may still hold a request of
// the last 10 s: the current bucket and the ten before it. That over-counts by up to one second,
// so the real rolling window can never exceed the limit, whatever the bucket boundaries.
export const RATE_WINDOW_MS = 10_000;
export const BUCKET_MS = 1_000;

export type RateBucket = { start: number; count: number };
export type RateDecision = { granted: true; bucketStart: number } | { granted: false; retryInMs: number };

export const bucketStartOf = (now: number) => Math.floor(now / BUCKET_MS) * BUCKET_MS;

/** Buckets starting at or after this time count against a request made at `now`. */
export const countedFrom = (now: number) => bucketStartOf(now) - RATE_WINDOW_MS;

export function decideRate(
  buckets: readonly RateBucket[],
  opts: { now: number; limit: number; cost?: number },
): RateDecision {
  const cost = opts.cost ?? 1;
  if (cost > opts.limit) throw new RangeError(`cost ${cost} exceeds the limit ${opts.limit}`);
  const from = countedFrom(opts.now);
  const counted = buckets.filter((b) => b.start >= from && b.count > 0).sort((a, b) => a.start - b.start);
  const used = counted.reduce((sum, b) => sum + b.count, 0);
  if (used + cost <= opts.limit) return { granted: true, bucketStart: bucketStartOf(opts.now) };
  // Drop the oldest buckets until the request fits; it may go once the last dropped one stops counting.
  let excess = used + cost - opts.limit;
  for (const bucket of counted) {
    excess -= bucket.count;
    if (excess <= 0)
      return { granted: false, retryInMs: Math.max(1, bucket.start + RATE_WINDOW_MS + BUCKET_MS - opts.now) };
  }
  return { granted: false, retryInMs: RATE_WINDOW_MS + BUCKET_MS };
}

/** The most requests any rolling window of `windowMs` saw, from request timestamps (tests, bench, the fake). */
export function maxInRollingWindow(times: readonly number[], windowMs = RATE_WINDOW_MS): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}
