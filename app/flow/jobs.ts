// Job references of the Shopify Flow connector (bound to their code in the composition root,
// app/server/composition.server.ts).
import { z } from "zod";
import { jobRef } from "../jobs/queue";

/**
 * Fires the "Replyloop answer received" trigger for one confirmed answer (triggers.server.ts).
 * `deferrals` counts how often the shop's trigger rate limit made it wait (not failures).
 */
export const fireAnswerTriggerJob = jobRef(
  "flow.answer-received",
  z.object({ shop: z.string(), answerId: z.string(), deferrals: z.number().int().min(0) }),
);

/** Carries out one run of the "Send a Replyloop survey" action (action.server.ts). */
export const sendSurveyJob = jobRef(
  "flow.send-survey",
  z.object({ shop: z.string(), actionRunId: z.string() }),
);
