import { describe, expect, it } from "vitest";
import { DEFAULT_QUESTIONS, type Question } from "../campaigns/questions";
import { composeSmsBody, keywordOf, readReply, replyInstructions } from "./text";

const nps = DEFAULT_QUESTIONS.nps as Question;
const reason = DEFAULT_QUESTIONS.cart_abandon_reason as Question;
const yesNo: Question = { key: "would_buy_again", kind: "yes_no", prompt: "Would you buy again?" };
const fiveStars: Question = { key: "stars", kind: "scale", prompt: "How was it?", min: 1, max: 5 };

describe("the question in a text", () => {
  it("asks for a number in the scale, the choices numbered 1..n, or yes/no", () => {
    expect(replyInstructions(fiveStars)).toBe("Reply 1–5.");
    expect(replyInstructions(nps)).toBe("Reply 0–10 (0 = Not likely, 10 = Very likely).");
    expect(replyInstructions(reason)).toBe(
      "Reply 1 for The price, 2 for Shipping cost, 3 for Just browsing, 4 for A technical problem, 5 for Something else.",
    );
    expect(replyInstructions(yesNo)).toBe("Reply YES or NO.");
  });

  it("puts the merchant's words, the question and the opt-out line together", () => {
    expect(composeSmsBody("Hi Jane, thanks for your order!", fiveStars)).toBe(
      "Hi Jane, thanks for your order!\nHow was it? Reply 1–5.\nReply STOP to opt out.",
    );
    expect(composeSmsBody("x".repeat(2000), nps).length).toBeLessThanOrEqual(1600);
  });
});

describe("reading a reply", () => {
  it("takes exact answers only", () => {
    expect(readReply("3", fiveStars)).toEqual({ ok: true, value: "3", label: "3" });
    expect(readReply(" 10. ", nps)).toMatchObject({ ok: true, value: "10" });
    expect(readReply("2", reason)).toEqual({ ok: true, value: "shipping_cost", label: "Shipping cost" });
    expect(readReply("shipping cost", reason)).toMatchObject({ ok: true, value: "shipping_cost" });
    expect(readReply("Yes!", yesNo)).toMatchObject({ ok: true, value: "yes" });
    expect(readReply("n", yesNo)).toMatchObject({ ok: true, value: "no" });
  });

  it("never guesses: anything else is not an answer, with the reason", () => {
    expect(readReply("7", fiveStars)).toEqual({ ok: false, reason: "7 is outside 1–5." });
    expect(readReply("three", fiveStars)).toEqual({
      ok: false,
      reason: "“three” is not a number from 1 to 5.",
    });
    expect(readReply("3 or 4", fiveStars).ok).toBe(false);
    expect(readReply("6", reason)).toEqual({ ok: false, reason: "“6” is not one of the choices (1–5)." });
    expect(readReply("maybe", yesNo)).toEqual({ ok: false, reason: "“maybe” is neither YES nor NO." });
    expect(readReply("   ", fiveStars)).toEqual({ ok: false, reason: "An empty text." });
  });
});

describe("keywords", () => {
  it("knows Twilio's opt-out words, START/UNSTOP and HELP, as the whole text", () => {
    for (const word of ["STOP", "stop", "Stop.", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT"])
      expect(keywordOf(word), word).toBe("stop");
    expect(keywordOf("START")).toBe("start");
    expect(keywordOf("unstop")).toBe("start");
    expect(keywordOf("help")).toBe("help");
    expect(keywordOf("please stop sending")).toBeNull();
    expect(keywordOf("3")).toBeNull();
    expect(keywordOf("yes")).toBeNull();
  });
});
