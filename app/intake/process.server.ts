// Processing of one stored event, in a job (never in the request). The event's handler is looked
// up by source and topic; an event nobody handles is marked ignored. Handlers are idempotent.
import { z } from "zod";
import db from "../db.server";
import type { JobDefinition } from "../jobs/queue";
import { DEFAULT_MAX_ATTEMPTS, errorText } from "../jobs/queue";
import { handlerFor } from "./handlers.server";

export type StoredEvent = NonNullable<Awaited<ReturnType<typeof db.event.findUnique>>>;

export const processEventJob: JobDefinition<{ eventId: string }> = {
  queue: "event.process",
  payload: z.object({ eventId: z.string() }),
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  async run({ eventId }, { attempt }) {
    const event = await db.event.findUnique({ where: { id: eventId } });
    // Gone (redacted) or already done by an earlier attempt.
    if (!event || event.state === "processed" || event.state === "ignored") return;
    const handler = handlerFor(event.source, event.topic);
    if (!handler) {
      await db.event.update({ where: { id: eventId }, data: { state: "ignored", processedAt: new Date() } });
      return;
    }
    try {
      await handler(event);
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
