// The shapes HubSpot answers with, as far as Replyloop reads them (../shared/fixtures/hubspot/api/).
// Everything from HubSpot is parsed here before any code trusts it; unknown fields pass through.
import { z } from "zod";

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

/** Any HubSpot error body: 4xx/5xx, and each entry of a 207's `errors`. */
export const errorBodySchema = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
  // The OAuth endpoints also answer in RFC 6749's terms.
  error: z.string().optional(),
  error_description: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});
export type HubSpotErrorBody = z.output<typeof errorBodySchema>;

/**
 * POST /oauth/2026-03/token (authorization_code and refresh_token grants). The v1 endpoint named
 * the portal in `hub_id`; when the response does not, the portal comes from the account details.
 */
export const HUBSPOT_TOKEN_PATH = "/oauth/2026-03/token";
export const HUBSPOT_REVOKE_PATH = "/oauth/2026-03/token/revoke";
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
  hub_id: id.optional(),
});
export type TokenResponse = z.output<typeof tokenResponseSchema>;

/** GET /account-info/v3/details: the portal a private-app / service-key token belongs to. */
export const accountDetailsSchema = z.looseObject({ portalId: id });

/** POST /crm/v3/objects/contacts/batch/upsert → 200 (COMPLETE) or 207 (multi-status). */
export const batchUpsertResponseSchema = z.looseObject({
  status: z.string(),
  results: z.array(
    z.looseObject({
      id,
      objectWriteTraceId: z.string().optional(),
      properties: z.record(z.string(), z.string().nullable()).optional(),
    }),
  ),
  numErrors: z.number().int().optional(),
  errors: z.array(errorBodySchema).optional(),
});
export type BatchUpsertResponse = z.output<typeof batchUpsertResponseSchema>;

const optionSchema = z.looseObject({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().optional(),
  hidden: z.boolean().optional(),
});

/** One contact property as GET /crm/v3/properties/contacts lists it. */
export const propertySchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  groupName: z.string().optional(),
  options: z.array(optionSchema).optional(),
});
export const propertyListSchema = z.looseObject({ results: z.array(propertySchema) });
export type ExistingProperty = z.output<typeof propertySchema>;

/**
 * A validation error (a 207's per-input error, or a 400) names the offending properties in a JSON
 * array inside its message: `Property values were not valid: [{"isValid":false,"message":"too_slow
 * was not one of the allowed options: [price, …]","error":"INVALID_OPTION","name":"…"}]`.
 */
const propertyErrorSchema = z.looseObject({
  name: z.string(),
  error: z.string().optional(),
  message: z.string().optional(),
});
export type PropertyError = { name: string; error: string; message: string };

export function propertyErrorsIn(message: string | undefined): PropertyError[] {
  if (!message) return [];
  const start = message.indexOf("[");
  const end = message.lastIndexOf("]");
  if (start < 0 || end <= start) return [];
  try {
    const parsed = z.array(propertyErrorSchema).safeParse(JSON.parse(message.slice(start, end + 1)));
    return parsed.success
      ? parsed.data.map((p) => ({ name: p.name, error: p.error ?? "INVALID", message: p.message ?? "" }))
      : [];
  } catch {
    return [];
  }
}

export function invalidPropertiesIn(message: string | undefined): string[] {
  return propertyErrorsIn(message).map((p) => p.name);
}
