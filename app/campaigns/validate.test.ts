import { describe, expect, it } from "vitest";
import { defaultSettings } from "./settings";
import { sendStepFor } from "./steps";
import { checkCampaignSettings } from "./validate.server";

describe("campaign settings checks", () => {
  it("accepts the defaults of every campaign", () => {
    for (const kind of ["abandoned_cart", "post_purchase", "vip"] as const)
      expect(checkCampaignSettings(kind, defaultSettings(kind)), kind).toMatchObject({ ok: true });
  });

  it("keys schema problems, duplicate question keys and Liquid errors by field", () => {
    const s = defaultSettings("post_purchase");
    const result = checkCampaignSettings("post_purchase", {
      ...s,
      content: { subject: "Hi", body: "Line one\n{{ order.name | nope }}" },
      questions: [...s.questions, { key: "nps_loved", kind: "yes_no", prompt: "Again?" }],
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        "questions.1.key": "The key “nps_loved” is used twice; each question needs its own.",
        "content.body": expect.stringMatching(/^Line 2, column \d+: .*nope/) as string,
      },
    });
    // A follow-up's key clashing with another follow-up's: the error sits on the follow-up's own field.
    const [nps] = s.questions;
    if (!nps?.followUps?.[0] || !nps.followUps[1]) throw new Error("the default survey has follow-ups");
    const firstKey = nps.followUps[0].question.key;
    const clash = {
      ...nps,
      followUps: nps.followUps.map((f, j) =>
        j === 1 ? { ...f, question: { ...f.question, key: firstKey } } : f,
      ),
    };
    expect(checkCampaignSettings("post_purchase", { ...s, questions: [clash] })).toEqual({
      ok: false,
      errors: {
        "questions.0.followUps.1.question.key": `The key “${firstKey}” is used twice; each question needs its own.`,
      },
    });
    expect(checkCampaignSettings("vip", { ...defaultSettings("vip"), tagPrefix: "VIP!" })).toMatchObject({
      ok: false,
      errors: { tagPrefix: expect.any(String) as string },
    });
  });
});

describe("editable steps", () => {
  it("previews the discount email even while it is switched off", () => {
    const s = defaultSettings("abandoned_cart");
    const off = { ...s, discount: { ...s.discount, enabled: false, content: { subject: "Off but tuned" } } };
    expect(sendStepFor("abandoned_cart", off, "discount")).toMatchObject({
      template: "abandoned_cart_2",
      content: { subject: "Off but tuned" },
      discount: { percent: 10 },
    });
    expect(sendStepFor("abandoned_cart", off, "nope")).toBeNull();
  });
});
