import { describe, expect, it } from "vitest";
import { parseSurveyResponse } from "../../extensions/post-purchase-survey/src/api";
import { DEFAULT_QUESTIONS, type Question } from "../campaigns/questions";
import { defaultSettings } from "../campaigns/settings";
import { checkPageAnswer, hiddenSurvey, shownSurvey } from "./page-survey";

const defaults = defaultSettings("post_purchase");
const nps = DEFAULT_QUESTIONS.nps as Question;

describe("the page survey (the block's side of the contract)", () => {
  it("is the campaign's NPS question, its follow-ups and the page texts, in a form the block accepts", () => {
    const survey = shownSurvey(defaults, "en", { nps: "9" });
    expect(parseSurveyResponse(survey)).toEqual(survey);
    expect(survey).toMatchObject({
      version: 1,
      show: true,
      locale: "en",
      question: { key: "nps", min: 0, max: 10, minLabel: "Not likely", maxLabel: "Very likely" },
      texts: {
        thanks: "Thank you for your feedback!",
        error: "Your answer could not be saved.",
        retry: "Try again",
      },
      answered: { nps: "9" },
    });
    expect(survey?.followUps.map((f) => [f.values, f.question.key])).toEqual([
      [["9", "10"], "nps_loved"],
      [["7", "8"], "nps_improve"],
      [["0", "1", "2", "3", "4", "5", "6"], "nps_went_wrong"],
    ]);
  });

  it("speaks the buyer's language where the merchant translated a text, and says which language", () => {
    const settings = {
      ...defaults,
      translations: {
        "pt-BR": {
          "nps.prompt": "Recomendaria?",
          "nps_loved.choice.price": "Preço",
          "page.retry": "De novo",
        },
      },
    };
    const portuguese = shownSurvey(settings, "pt-PT", {});
    expect(portuguese?.locale).toBe("pt-BR");
    expect(portuguese?.question.prompt).toBe("Recomendaria?");
    expect(portuguese?.followUps[0]?.question.choices.find((c) => c.value === "price")?.label).toBe("Preço");
    expect(portuguese?.followUps[0]?.question.prompt).toBe("Thank you! What did you love most?");
    expect(portuguese?.texts.retry).toBe("De novo");
    expect(shownSurvey(settings, "es", {})?.locale).toBe("en");
    expect(shownSurvey({ ...settings, page: { ...settings.page, language: "nl" } }, "es", {})?.locale).toBe(
      "nl",
    );
  });

  it("is hidden when the survey has no scale question", () => {
    const questions = [DEFAULT_QUESTIONS.vip_perk as Question];
    expect(shownSurvey({ ...defaults, questions }, "en", {})).toBeNull();
    expect(hiddenSurvey("no_scale_question")).toEqual({
      version: 1,
      show: false,
      reason: "no_scale_question",
    });
  });

  it("accepts the score, then only the follow-up that score calls for, with its own choices", () => {
    const questions = [nps];
    expect(checkPageAnswer(questions, "nps", "10", {})).toMatchObject({ ok: true, parent: null });
    expect(checkPageAnswer(questions, "nps", "11", {})).toMatchObject({ ok: false });
    expect(checkPageAnswer(questions, "nps_loved", "price", {})).toEqual({
      ok: false,
      reason: "the score is answered first",
    });
    expect(checkPageAnswer(questions, "nps_loved", "price", { nps: "3" })).toEqual({
      ok: false,
      reason: '"nps_loved" is not asked after a score of 3',
    });
    expect(checkPageAnswer(questions, "nps_went_wrong", "delivery", { nps: "3" })).toMatchObject({
      ok: true,
    });
    expect(checkPageAnswer(questions, "nps_went_wrong", "yacht", { nps: "3" })).toMatchObject({ ok: false });
    expect(checkPageAnswer(questions, "cart_abandon_reason", "price", { nps: "3" })).toMatchObject({
      ok: false,
    });
  });
});
