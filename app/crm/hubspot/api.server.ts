// The HTTP edge to HubSpot: plain fetch against HUBSPOT_API_BASE_URL, every answer turned into an
// outcome the caller decides on (docs/decisions/0006). No retries here: retrying is the caller's
// decision, and every attempt must pass the shared per-portal rate limit first.
import type { z } from "zod";
import { env } from "../../env.server";
import { errorBodySchema, type HubSpotErrorBody } from "./api-schemas";

export type HubSpotCall = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  token?: string;
  json?: unknown;
  /** application/x-www-form-urlencoded body (OAuth token endpoint). */
  form?: Record<string, string>;
};

export type HubSpotOutcome =
  | { kind: "ok"; status: number; body: unknown }
  | { kind: "rate_limited"; status: 429; policyName: string | undefined; error: HubSpotErrorBody }
  | { kind: "unauthorized"; status: number; error: HubSpotErrorBody }
  | { kind: "conflict"; status: 409; error: HubSpotErrorBody }
  | { kind: "rejected"; status: number; error: HubSpotErrorBody }
  | { kind: "server_error"; status: number }
  | { kind: "unreachable"; message: string };

export const REQUEST_TIMEOUT_MS = 20_000;

function errorBody(text: string): HubSpotErrorBody {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { message: text.slice(0, 500) };
  } catch {
    return { message: text.slice(0, 500) };
  }
}

export async function callHubSpot(
  call: HubSpotCall,
  opts: { baseUrl?: string; timeoutMs?: number } = {},
): Promise<HubSpotOutcome> {
  const url = new URL(call.path, opts.baseUrl ?? env.HUBSPOT_API_BASE_URL);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (call.token) headers.Authorization = `Bearer ${call.token}`;
  let body: string | undefined;
  if (call.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(call.form).toString();
  } else if (call.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(call.json);
  }
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: call.method,
      headers,
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    // Never include the request (it may carry a token): the error's own message names the cause.
    return { kind: "unreachable", message: error instanceof Error ? error.message : String(error) };
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    if (!text) return { kind: "ok", status, body: null };
    try {
      return { kind: "ok", status, body: JSON.parse(text) as unknown };
    } catch {
      return { kind: "server_error", status };
    }
  }
  if (status >= 500) return { kind: "server_error", status };
  const error = errorBody(text);
  if (status === 429) return { kind: "rate_limited", status, policyName: error.policyName, error };
  if (status === 401 || status === 403) return { kind: "unauthorized", status, error };
  if (status === 409) return { kind: "conflict", status, error };
  return { kind: "rejected", status, error };
}

/** The body of an "ok" outcome in the expected shape; a shape we cannot read is HubSpot's fault, retried like a 5xx. */
export function parseOk<S extends z.ZodType>(
  outcome: { body: unknown },
  schema: S,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(outcome.body);
  if (!parsed.success)
    throw new UnexpectedResponse(
      `${what}: unexpected response shape (${parsed.error.issues[0]?.message ?? "invalid"})`,
    );
  return parsed.data;
}

export class UnexpectedResponse extends Error {
  override name = "UnexpectedResponse";
}

/** A short description of an outcome that is safe to store and show (no tokens, no bodies beyond HubSpot's message). */
export function describeOutcome(outcome: HubSpotOutcome): string {
  switch (outcome.kind) {
    case "ok":
      return `HTTP ${outcome.status}`;
    case "unreachable":
      return `HubSpot unreachable: ${outcome.message}`;
    case "server_error":
      return `HubSpot error HTTP ${outcome.status}`;
    case "rate_limited":
      return `rate limited (${outcome.policyName ?? "unknown policy"})`;
    default:
      return `HTTP ${outcome.status}: ${outcome.error.category ?? outcome.error.error ?? ""} ${outcome.error.message ?? outcome.error.error_description ?? ""}`
        .trim()
        .slice(0, 500);
  }
}
