// Job references of event processing (bound to their code in app/server/composition.server.ts).
import { z } from "zod";
import { jobRef } from "../jobs/queue";

/** Runs the routing table's handlers for one stored event. */
export const processEventJob = jobRef("event.process", z.object({ eventId: z.string() }));
