// Processing of one stored event, in a job (never in the request): the routing table names its
// handlers (app/events/routes.server.ts), run in order in one transaction; an event nobody handles
// is marked ignored. Handlers are idempotent.
import db from "../db.server";
import { processEventJob } from "../events/jobs";
import { handlersFor } from "../events/routes.server";
import { errorText, type JobContext } from "../jobs/queue";
import { appClock } from "../lib/app-clock.server";

/** The code of processEventJob. */
export async function processEvent({ eventId }: { eventId: string }, { attempt }: JobContext) {
  const event = await db.event.findUnique({ where: { id: eventId } });
  // Gone (redacted) or already done by an earlier attempt.
  if (!event || event.state === "processed" || event.state === "ignored") return;
  const handlers = handlersFor(event.source, event.topic);
  if (handlers.length === 0) {
    await db.event.update({
      where: { id: eventId },
      data: { state: "ignored", processedAt: appClock.now() },
    });
    return;
  }
  try {
    await db.$transaction(
      async (tx) => {
        for (const handle of handlers) await handle(tx, event);
        // Marked processed with what the handlers wrote: one commit, and no window in which their
        // work is done but the event still says otherwise. A handler may have deleted the event
        // (redaction): updateMany tolerates that.
        await tx.event.updateMany({
          where: { id: eventId },
          data: { state: "processed", processedAt: appClock.now(), error: null },
        });
      },
      { timeout: 30_000 },
    );
  } catch (error) {
    const last = attempt >= processEventJob.maxAttempts;
    await db.event.updateMany({
      where: { id: eventId },
      data: { error: errorText(error), ...(last ? { state: "failed" } : {}) },
    });
    throw error;
  }
}
