// The journey timeline: every decision, with its reason, so a merchant can see why someone did or
// did not get an email.
import type { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";
import { insertRow, type ChangeStatement } from "../db/session";
import { timeOrderedId } from "../lib/ids";

export type DecisionKind =
  | "entered"
  | "updated"
  | "skipped"
  | "scheduled"
  | "postponed"
  | "cancelled"
  | "sent"
  | "failed"
  | "exited"
  | "converted"
  | "answered"
  | "tagged"
  | "tier_changed";

export type DecisionInput = {
  shop: string;
  campaign: string;
  kind: DecisionKind;
  at: Date;
  journeyId?: string | null;
  customerId?: string | null;
  email?: string | null;
  reason?: string | null;
  detail?: Prisma.InputJsonValue;
};

/** The fields that say who and when, shared by a run of decisions about one send or journey. */
export type DecisionSubject = Omit<DecisionInput, "kind" | "reason" | "detail">;

const row = (d: DecisionInput) => ({
  shop: d.shop,
  campaign: d.campaign,
  kind: d.kind,
  at: d.at,
  journeyId: d.journeyId ?? null,
  customerId: d.customerId ?? null,
  email: d.email ?? null,
  reason: d.reason ?? null,
  ...(d.detail !== undefined ? { detail: d.detail } : {}),
});

export async function recordDecision(tx: Tx, d: DecisionInput) {
  await tx.decision.create({ data: row(d) });
}

/** Many decisions at once (a shop's journeys ending together), in order. */
export async function recordDecisions(tx: Tx, decisions: DecisionInput[]) {
  for (let i = 0; i < decisions.length; i += 500)
    await tx.decision.createMany({ data: decisions.slice(i, i + 500).map(row) });
}

/**
 * A decision as one statement of a guarded change (the send path, journey-state.server.ts): the
 * same row as `recordDecision` writes, with a time-ordered id, so entries of one moment read back in
 * the order they were made.
 */
export function decisionInsert(d: DecisionInput): ChangeStatement {
  const columns = {
    id: timeOrderedId(d.at),
    ...row(d),
    detail: d.detail === undefined ? null : JSON.stringify(d.detail),
  };
  return (text) => insertRow(text, { table: "Decision", row: columns, jsonColumns: ["detail"] });
}
