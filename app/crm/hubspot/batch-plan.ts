// Which contacts go out in the next upsert call. Pure. A contact is ready when all its pending
// writes are due (a write in backoff holds back newer ones of the same contact, so they can never
// overtake it). A call is made as soon as a full batch is ready, or when the oldest ready contact
// has waited `lingerMs` — short waits buy full batches, i.e. fewer API calls per answer.
export const MAX_BATCH_INPUTS = 100;

export type ContactReadiness = { email: string; readyAt: number; oldestAt: number };

export function pickBatch(
  contacts: readonly ContactReadiness[],
  opts: { now: number; lingerMs: number; batchSize?: number; busy?: ReadonlySet<string> },
): string[] {
  const size = Math.min(opts.batchSize ?? MAX_BATCH_INPUTS, MAX_BATCH_INPUTS);
  const ready = contacts
    .filter((c) => c.readyAt <= opts.now && !opts.busy?.has(c.email))
    .sort((a, b) => a.oldestAt - b.oldestAt || (a.email < b.email ? -1 : 1));
  if (ready.length === 0) return [];
  if (ready.length >= size) return ready.slice(0, size).map((c) => c.email);
  const waitedEnough = ready[0]!.oldestAt <= opts.now - opts.lingerMs;
  return waitedEnough ? ready.map((c) => c.email) : [];
}
