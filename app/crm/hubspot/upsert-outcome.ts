// A batch upsert response (200 or 207) → what happened to each input. Pure. Inputs carry an
// objectWriteTraceId that HubSpot echoes in results and in errors' context; results without one
// are matched by email. An input the response does not mention is "unknown" and is retried.
import { propertyErrorsIn, type BatchUpsertResponse, type PropertyError } from "./api-schemas";

export type InputRef = { traceId: string; email: string };
export type InputOutcome =
  | { kind: "written"; hubspotId: string }
  | { kind: "invalid"; invalidProperties: string[]; problems: PropertyError[]; message: string }
  | { kind: "error"; message: string }
  | { kind: "unknown" };

export function inputOutcomes(
  inputs: readonly InputRef[],
  response: BatchUpsertResponse,
): Map<string, InputOutcome> {
  const outcomes = new Map<string, InputOutcome>();
  const byEmail = new Map(inputs.map((i) => [i.email, i.traceId]));
  const known = new Set(inputs.map((i) => i.traceId));
  for (const result of response.results) {
    const email = result.properties?.email?.toLowerCase();
    const traceId =
      result.objectWriteTraceId && known.has(result.objectWriteTraceId)
        ? result.objectWriteTraceId
        : email
          ? byEmail.get(email)
          : undefined;
    if (traceId) outcomes.set(traceId, { kind: "written", hubspotId: result.id });
  }
  const unmatchedErrors: InputOutcome[] = [];
  for (const error of response.errors ?? []) {
    const message = `${error.category ?? "ERROR"}: ${error.message ?? ""}`.slice(0, 1000);
    const problems = propertyErrorsIn(error.message);
    const outcome: InputOutcome =
      error.category === "VALIDATION_ERROR"
        ? { kind: "invalid", invalidProperties: problems.map((p) => p.name), problems, message }
        : { kind: "error", message };
    const traceIds = (error.context?.objectWriteTraceId ?? []).filter((t) => known.has(t));
    if (traceIds.length === 0) unmatchedErrors.push(outcome);
    for (const traceId of traceIds) if (!outcomes.has(traceId)) outcomes.set(traceId, outcome);
  }
  for (const input of inputs) {
    if (outcomes.has(input.traceId)) continue;
    // An error HubSpot did not tie to an input belongs to one of those not written: with exactly
    // one such error and one such input the match is certain, otherwise retry them.
    const missing = inputs.filter((i) => !outcomes.has(i.traceId));
    outcomes.set(
      input.traceId,
      unmatchedErrors.length === 1 && missing.length === 1 ? unmatchedErrors[0]! : { kind: "unknown" },
    );
  }
  return outcomes;
}
