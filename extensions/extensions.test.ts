// The three extensions' shopify.extension.toml files, checked against the forms Shopify documents
// (shopify.dev: checkout UI extension configuration, Flow trigger and action references) and the
// rules Shopify CLI 4.8 applies before it deploys them, so a mistake shows here and not at deploy.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "smol-toml";
import { z } from "zod";
import { SEND_SURVEY_HANDLE } from "../app/flow/action.server";
import { ANSWER_TRIGGER_HANDLE } from "../app/flow/answer-payload";

const dir = import.meta.dirname;
const read = (folder: string): unknown =>
  parse(fs.readFileSync(path.join(dir, folder, "shopify.extension.toml"), "utf8"));

const handle = z.string().regex(/^[a-zA-Z0-9-]{1,30}$/, "up to 30 letters, digits and hyphens");
const name = z.string().min(1).max(100);

const uiExtension = z.strictObject({
  api_version: z.string().regex(/^\d{4}-\d{2}$/),
  extensions: z
    .array(
      z.strictObject({
        name,
        handle,
        type: z.literal("ui_extension"),
        targeting: z.array(z.strictObject({ module: z.string().startsWith("./"), target: z.string() })),
        capabilities: z.strictObject({
          network_access: z.boolean().optional(),
          api_access: z.boolean().optional(),
          block_progress: z.boolean().optional(),
        }),
      }),
    )
    .length(1),
});

// Reference fields Flow accepts on triggers and on actions (anything else is refused at deploy).
const TRIGGER_REFERENCES = ["customer", "order", "product", "company", "company_contact"].map(
  (r) => `${r}_reference`,
);
const ACTION_REFERENCES = [...TRIGGER_REFERENCES, "marketing_activity_reference", "abandonment_reference"];
const TRIGGER_TYPES = ["boolean", "email", "single_line_text_field", "url", "number_decimal"];
const ACTION_TYPES = [...TRIGGER_TYPES, "multi_line_text_field", "number_integer"];

const reference = (types: string[]) =>
  z.strictObject({
    type: z.enum(types),
    description: z.string().optional(),
    required: z.boolean().optional(),
  });

const flowTrigger = z.strictObject({
  extensions: z
    .array(z.strictObject({ name, handle, type: z.literal("flow_trigger"), description: z.string().min(1) }))
    .length(1),
  settings: z.strictObject({
    fields: z.array(
      z.union([
        reference(TRIGGER_REFERENCES),
        z.strictObject({
          type: z.enum(TRIGGER_TYPES),
          key: z.string().regex(/^[a-zA-Z\s]+$/, "letters and spaces only"),
          description: z.string().optional(),
        }),
      ]),
    ),
  }),
});

// Absolute HTTPS, or a path with a single leading slash (resolved against application_url).
const actionUrl = z.string().refine((u) => /^\/[^/]/.test(u) || /^https:\/\/[^/]/.test(u), "https or /path");

const flowAction = z.strictObject({
  extensions: z
    .array(
      z.strictObject({
        name,
        handle,
        type: z.literal("flow_action"),
        description: z.string().min(1),
        runtime_url: actionUrl,
      }),
    )
    .length(1),
  settings: z.strictObject({
    fields: z.array(
      z.union([
        reference(ACTION_REFERENCES),
        z.strictObject({
          type: z.enum(ACTION_TYPES),
          key: z.string().min(1),
          name: z.string().min(1),
          description: z.string().optional(),
          required: z.boolean().optional(),
        }),
      ]),
    ),
  }),
});

const lifecycleCallback = z.strictObject({
  extensions: z
    .array(
      z.strictObject({ name, handle, type: z.literal("flow_trigger_lifecycle_callback"), url: actionUrl }),
    )
    .length(1),
});

/** The app route file that serves a path ("/flow/actions/send-survey" → flow.actions.send-survey.ts). */
const routeFile = (url: string) =>
  path.join(dir, "../app/routes", `${url.replace(/^\//, "").replaceAll("/", ".")}.ts`);

describe("extensions/", () => {
  it("holds the survey and the Flow extensions, with handles unique across the app", () => {
    const folders = fs
      .readdirSync(dir)
      .filter((f) => fs.existsSync(path.join(dir, f, "shopify.extension.toml")));
    expect(folders.sort()).toEqual([
      "flow-answer-received",
      "flow-send-survey",
      "flow-trigger-lifecycle",
      "post-purchase-survey",
    ]);
    const handles = folders.map((f) =>
      z.object({ extensions: z.array(z.object({ handle })) }).parse(read(f)),
    );
    const all = handles.flatMap((h) => h.extensions.map((e) => e.handle));
    expect(new Set(all).size).toBe(all.length);
  });

  it("post-purchase-survey: a 2025-10+ UI extension on both pages, with network access, matching its package", () => {
    const toml = uiExtension.parse(read("post-purchase-survey"));
    const [extension] = toml.extensions;
    expect(extension?.targeting.map((t) => t.target)).toEqual([
      "purchase.thank-you.block.render",
      "customer-account.order-status.block.render",
    ]);
    for (const { module } of extension?.targeting ?? [])
      expect(fs.existsSync(path.join(dir, "post-purchase-survey", module)), module).toBe(true);
    expect(extension?.capabilities.network_access).toBe(true);
    expect(toml.api_version >= "2025-10").toBe(true);

    // @shopify/ui-extensions 2026.7.x is the library for api_version 2026-07.
    const pkg = z
      .object({ dependencies: z.record(z.string(), z.string()) })
      .parse(JSON.parse(fs.readFileSync(path.join(dir, "post-purchase-survey/package.json"), "utf8")));
    const [year, month] = toml.api_version.split("-").map(Number);
    expect(pkg.dependencies["@shopify/ui-extensions"]).toBe(`${year}.${month}.x`);
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      "@preact/signals",
      "@shopify/ui-extensions",
      "preact",
    ]);
  });

  it("flow-answer-received: the trigger carries customer, order, question, answer, NPS score and campaign", () => {
    const toml = flowTrigger.parse(read("flow-answer-received"));
    expect(toml.extensions[0]?.name).toBe("Replyloop answer received");
    expect(toml.settings.fields.map((f) => ("key" in f ? `${f.key}: ${f.type}` : f.type))).toEqual([
      "customer_reference",
      "order_reference",
      "Question key: single_line_text_field",
      "Answer value: single_line_text_field",
      "NPS score: number_decimal",
      "Campaign: single_line_text_field",
    ]);
    // The app fires it by this handle.
    expect(toml.extensions[0]?.handle).toBe(ANSWER_TRIGGER_HANDLE);
  });

  it("flow-trigger-lifecycle: Flow tells the app at a path of the app whether a shop uses the trigger", () => {
    const toml = lifecycleCallback.parse(read("flow-trigger-lifecycle"));
    const url = toml.extensions[0]?.url ?? "";
    expect(url).toBe("/flow/triggers/lifecycle");
    expect(fs.existsSync(routeFile(url)), routeFile(url)).toBe(true);
  });

  it("flow-send-survey: the action takes a customer and a survey, and runs at a path of the app", () => {
    const toml = flowAction.parse(read("flow-send-survey"));
    expect(toml.extensions[0]).toMatchObject({
      name: "Send a Replyloop survey",
      runtime_url: "/flow/actions/send-survey",
    });
    expect(toml.extensions[0]?.handle).toBe(SEND_SURVEY_HANDLE);
    expect(fs.existsSync(routeFile(toml.extensions[0]?.runtime_url ?? "")), "the route").toBe(true);
    expect(toml.settings.fields).toEqual([
      { type: "customer_reference", required: true },
      expect.objectContaining({ type: "single_line_text_field", key: "survey", required: true }),
    ]);
  });

  it("refuses what Flow refuses: a trigger key with punctuation, an integer trigger field, a protocol-relative URL", () => {
    const trigger = (field: object) => ({
      extensions: [{ name: "x", handle: "x", type: "flow_trigger", description: "x" }],
      settings: { fields: [field] },
    });
    expect(
      flowTrigger.safeParse(trigger({ type: "single_line_text_field", key: "question_key" })).success,
    ).toBe(false);
    expect(flowTrigger.safeParse(trigger({ type: "number_integer", key: "Score" })).success).toBe(false);
    expect(flowTrigger.safeParse(trigger({ type: "marketing_activity_reference" })).success).toBe(false);
    expect(actionUrl.safeParse("//evil.example/run").success).toBe(false);
    expect(actionUrl.safeParse("http://app.example/run").success).toBe(false);
    expect(actionUrl.safeParse("https://app.example/run").success).toBe(true);
  });
});
