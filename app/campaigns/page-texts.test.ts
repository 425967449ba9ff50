import { describe, expect, it } from "vitest";
import { DEFAULT_PAGE_TEXTS, translatableTexts, translationFor, translationsSchema } from "./page-texts";
import { DEFAULT_QUESTIONS } from "./questions";

describe("page texts and translations", () => {
  it("lists every text the page shows with the merchant's wording", () => {
    const texts = translatableTexts([DEFAULT_QUESTIONS.nps], DEFAULT_PAGE_TEXTS);
    expect(texts.slice(0, 3).map((t) => t.key)).toEqual(["nps.prompt", "nps.minLabel", "nps.maxLabel"]);
    expect(texts.map((t) => t.key)).toContain("nps_went_wrong.choice.delivery");
    expect(texts.slice(-3)).toEqual([
      { key: "page.thanks", label: "Thanks", source: "Thank you for your feedback!" },
      { key: "page.error", label: "Error", source: "Your answer could not be saved." },
      { key: "page.retry", label: "Retry button", source: "Try again" },
    ]);
  });

  it("finds the buyer's language: exact tag, then the language, then another region of it", () => {
    const translations = { fr: { "page.thanks": "Merci" }, "de-CH": { "page.thanks": "Merci vielmal" } };
    expect(translationFor(translations, "fr-CA")?.language).toBe("fr");
    expect(translationFor(translations, "de-CH")?.language).toBe("de-CH");
    expect(translationFor(translations, "de")?.language).toBe("de-CH");
    expect(translationFor(translations, "it")).toBeNull();
  });

  it("refuses a translation of something the page does not show, or a bad language tag", () => {
    expect(translationsSchema.safeParse({ fr: { "page.thanks": "Merci" } }).success).toBe(true);
    expect(translationsSchema.safeParse({ fr: { "email.subject": "Bonjour" } }).success).toBe(false);
    expect(translationsSchema.safeParse({ "not a tag": { "page.thanks": "x" } }).success).toBe(false);
    expect(translationsSchema.safeParse({ fr: { "page.thanks": "" } }).success).toBe(false);
  });
});
