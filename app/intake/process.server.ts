// Processing of one stored event, in a job (never in the request): the routing table names its
// handlers (app/events/routes.server.ts), run in order in one transaction; an event nobody handles
// is marked ignored. Handlers are idempotent.
import { z } from "zod";
import db from "../db.server";
import { handlersFor } from "../events/routes.server";
import type { JobDefinition } from "../jobs/queue";
import { DEFAULT_MAX_ATTEMPTS, errorText } from "../jobs/queue";

export const processEventJob: JobDefinition<{ eventId: string }> = {
  queue: "event.process",
  payload: z.object({ eventId: z.string() }),
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  async run({ eventId }, { attempt }) {
    const event = await db.event.findUnique({ where: { id: eventId } });
    // Gone (redacted) or already done by an earlier attempt.
    if (!event || event.state === "processed" || event.state === "ignored") return;
    const handlers = handlersFor(event.source, event.topic);
    if (handlers.length === 0) {
      await db.event.update({ where: { id: eventId }, data: { state: "ignored", processedAt: new Date() } });
      return;
    }
    try {
      await db.$transaction(
        async (tx) => {
          for (const handle of handlers) await handle(tx, event);
        },
        { timeout: 30_000 },
      );
    } catch (error) {
      const last = attempt >= DEFAULT_MAX_ATTEMPTS;
      await db.event.updateMany({
        where: { id: eventId },
        data: { error: errorText(error), ...(last ? { state: "failed" } : {}) },
      });
      throw error;
    }
    // The handler may have deleted the event (redaction): updateMany tolerates that.
    await db.event.updateMany({
      where: { id: eventId },
      data: { state: "processed", processedAt: new Date(), error: null },
    });
  },
};
