// What a journey carries (Journey.context): its progress through the campaign's steps and the data
// its emails need. Pure: read and written only through journey-state.server.ts.
import { z } from "zod";

const lineItem = z.object({
  title: z.string(),
  variantTitle: z.string().nullish(),
  quantity: z.number(),
  priceCents: z.number().int(),
  imageUrl: z.string().nullish(),
});
export type JourneyLineItem = z.infer<typeof lineItem>;

export const journeyContextSchema = z.object({
  cursor: z.number().int().min(0).default(0),
  previousAt: z.string().nullable().default(null),
  /** waitFor steps whose event arrived while the journey waited there (step id → when). */
  waited: z.record(z.string(), z.string()).default({}),
  sent: z.array(z.object({ step: z.string(), at: z.string(), messageId: z.string().nullish() })).default([]),
  customer: z.object({ firstName: z.string().nullish(), lastName: z.string().nullish() }).default({}),
  acceptsMarketing: z.boolean().default(false),
  checkout: z
    .object({
      token: z.string(),
      url: z.string().nullish(),
      lineItems: z.array(lineItem),
      totalCents: z.number().int(),
      currency: z.string(),
    })
    .optional(),
  order: z
    .object({
      id: z.string(),
      name: z.string(),
      lineItems: z.array(lineItem),
      totalCents: z.number().int(),
      currency: z.string(),
    })
    .optional(),
  tier: z.enum(["silver", "gold"]).optional(),
  /** The customer's last order when the journey started (win-back). */
  lastOrderAt: z.string().optional(),
  discount: z
    .object({ code: z.string(), id: z.string(), percent: z.number(), expiresAt: z.string() })
    .optional(),
});
export type JourneyContext = z.infer<typeof journeyContextSchema>;

export function readContext(stored: unknown): JourneyContext {
  const parsed = journeyContextSchema.safeParse(stored);
  return parsed.success ? parsed.data : journeyContextSchema.parse({});
}

/** The engine's view of where a journey is (engine.ts `Progress`). */
export function progressOf(journey: { enteredAt: Date }, context: JourneyContext) {
  return {
    entryAt: journey.enteredAt,
    cursor: context.cursor,
    previousAt: context.previousAt ? new Date(context.previousAt) : null,
    waited: Object.fromEntries(Object.entries(context.waited).map(([step, at]) => [step, new Date(at)])),
  };
}
