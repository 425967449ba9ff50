import { describe, expect, it } from "vitest";
import { sampleData } from "./sample-data";
import { renderPreview } from "./send.server";
import { ampForDisplay } from "./preview-display";
import { DEFAULT_QUESTIONS } from "../campaigns/questions";

describe("AMP part for display", () => {
  it("drops AMP's scripts and the boilerplate that hides the body, keeps the content", async () => {
    const preview = await renderPreview({
      shop: "demo.myshopify.com",
      sendId: "preview",
      campaign: "abandoned_cart",
      step: "reminder",
      template: "abandoned_cart_1",
      to: { email: "jane@example.com" },
      content: {},
      data: sampleData("abandoned_cart_1"),
      questions: [DEFAULT_QUESTIONS.cart_abandon_reason],
      marketing: true,
    });
    if (!preview.ok || !preview.amp) throw new Error("no AMP part");
    expect(preview.amp).toContain("cdn.ampproject.org");
    const shown = ampForDisplay(preview.amp);
    expect(shown).not.toMatch(/<script/i);
    expect(shown).not.toContain("amp4email-boilerplate");
    expect(shown).not.toContain("cdn.ampproject.org");
    expect(shown).toContain("What stopped you from completing your order?");
    expect(shown).toContain("Shipping cost");
  });
});
