// Shopify Flow's side of flowTriggerReceive, for the fake Admin API: the app's deployed Flow
// triggers (read from its extensions/*/shopify.extension.toml, as `shopify app deploy` would ship
// them) and the check Flow makes of a payload before it starts any workflow — the handle must be a
// trigger of the app, the payload's JSON at most 50,000 bytes, every key a field of the trigger
// (`customer_id`, `order_id`… for references, the `key` of custom fields) with a value of that
// field's type. A refusal is one userError on ["body"] whose message lists every problem, in the
// words and form the Admin API uses (captured from 2026-04: "Errors validating schema:\n  Invalid
// handle 'x'.\n", "Properties size exceeds the limit of 50000 bytes.", "Invalid field: 'x'.",
// "Type error for field 'x': … ").
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";

export const FLOW_PROPERTIES_LIMIT_BYTES = 50_000;

export type FlowTriggerField = { key: string; type: string };
export type FlowTriggerDefinition = { handle: string; fields: FlowTriggerField[] };

const triggerToml = z.object({
  extensions: z.array(z.object({ type: z.string(), handle: z.string() })),
  settings: z
    .object({
      fields: z.array(z.object({ type: z.string(), key: z.string().optional() })).default([]),
    })
    .optional(),
});

/** The Flow triggers among the app's extensions. */
export function readFlowTriggers(extensionsDir: string): FlowTriggerDefinition[] {
  if (!fs.existsSync(extensionsDir)) return [];
  return fs.readdirSync(extensionsDir).flatMap((folder) => {
    const file = path.join(extensionsDir, folder, "shopify.extension.toml");
    if (!fs.existsSync(file)) return [];
    const toml = triggerToml.safeParse(parse(fs.readFileSync(file, "utf8")));
    if (!toml.success) return [];
    return toml.data.extensions
      .filter((e) => e.type === "flow_trigger")
      .map((e) => ({
        handle: e.handle,
        fields: (toml.data.settings?.fields ?? []).map((f) => ({
          // A reference field's key is its object's id ("customer_reference" → "customer_id").
          key: f.type.endsWith("_reference") ? f.type.replace(/_reference$/, "_id") : (f.key ?? ""),
          type: f.type,
        })),
      }));
  });
}

const shown = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

function typeError(field: FlowTriggerField, value: unknown): string | null {
  const problem = (what: string) => `Type error for field '${field.key}': ${shown(value)} is not ${what}.`;
  if (field.type.endsWith("_reference")) {
    const id = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
    return Number.isInteger(id) && id > 0 ? null : problem("a valid ID");
  }
  switch (field.type) {
    case "number_decimal":
      return typeof value === "number" && Number.isFinite(value) ? null : problem("a number");
    case "boolean":
      return typeof value === "boolean" ? null : problem("a boolean");
    case "email":
      return typeof value === "string" && /^[^@\s]+@[^@\s]+$/.test(value)
        ? null
        : problem("an email address");
    case "url":
      return typeof value === "string" && /^https?:\/\/\S+$/.test(value) ? null : problem("an absolute URL");
    default:
      return typeof value === "string" ? null : problem("a string");
  }
}

const isProperties = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export type FlowVerdict =
  | { accepted: true; properties: Record<string, unknown>; userErrors: [] }
  | { accepted: false; userErrors: { field: string[]; message: string }[] };

/** Flow's verdict on one flowTriggerReceive call: accepted, or its userErrors. */
export function validateFlowTrigger(
  triggers: readonly FlowTriggerDefinition[],
  handle: unknown,
  payload: unknown,
): FlowVerdict {
  const problems: string[] = [];
  const trigger = triggers.find((t) => t.handle === handle);
  if (!trigger) problems.push(`Invalid handle '${shown(handle ?? "")}'.`);
  const properties = isProperties(payload) ? payload : null;
  if (!properties) problems.push("Type error for field 'payload': is not an object.");
  else if (Buffer.byteLength(JSON.stringify(properties), "utf8") > FLOW_PROPERTIES_LIMIT_BYTES)
    problems.push(`Properties size exceeds the limit of ${FLOW_PROPERTIES_LIMIT_BYTES} bytes.`);
  else if (trigger) {
    for (const [key, value] of Object.entries(properties)) {
      const field = trigger.fields.find((f) => f.key === key);
      const problem = field ? typeError(field, value) : `Invalid field: '${key}'.`;
      if (problem) problems.push(problem);
    }
  }
  if (properties && problems.length === 0) return { accepted: true, properties, userErrors: [] };
  const message = `Errors validating schema:\n${problems.map((p) => `  ${p}\n`).join("")}`;
  return { accepted: false, userErrors: [{ field: ["body"], message }] };
}
