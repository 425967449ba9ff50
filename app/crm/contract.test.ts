import { describe, expect, it } from "vitest";
import { DEFAULT_QUESTIONS, type Question } from "../campaigns/questions";
import { contractHolds, propertyContract, unionContracts } from "./contract";
import { BASE_PROPERTIES } from "./properties";

const cart = (choices: { value: string; label: string }[]): Question => ({
  ...DEFAULT_QUESTIONS.cart_abandon_reason,
  choices,
});
const optionsOf = (contract: ReturnType<typeof propertyContract>, name: string) =>
  contract.find((p) => p.name === name)?.options?.map((o) => [o.value, o.label]);

describe("propertyContract", () => {
  it("the built-in questions as they ship: BASE_PROPERTIES (options labelled as the email words them) and the NPS follow-ups", () => {
    const contract = propertyContract(Object.values(DEFAULT_QUESTIONS));
    for (const base of BASE_PROPERTIES) {
      const derived = contract.find((p) => p.name === base.name);
      expect(derived).toMatchObject({ name: base.name, type: base.type, groupName: base.groupName });
      expect(derived?.options?.map((o) => o.value)).toEqual(base.options?.map((o) => o.value));
    }
    expect(optionsOf(contract, "replyloop_vip_perk")).toContainEqual([
      "early_access",
      "Early access to new products",
    ]);
    expect(contract.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "replyloop_q_nps_loved",
        "replyloop_q_nps_improve",
        "replyloop_q_nps_went_wrong",
      ]),
    );
  });

  it("a choice the merchant adds to a built-in question becomes an option; a relabelled one takes its label; none is dropped", () => {
    const edited = cart([
      { value: "price", label: "Too expensive" },
      { value: "too_slow", label: "Checkout was too slow" },
    ]);
    const contract = propertyContract([DEFAULT_QUESTIONS.cart_abandon_reason, edited]);
    expect(optionsOf(contract, "replyloop_cart_abandon_reason")).toEqual([
      ["price", "Too expensive"],
      ["shipping_cost", "Shipping cost"],
      ["just_browsing", "Just browsing"],
      ["technical_problem", "A technical problem"],
      ["other", "Something else"],
      ["too_slow", "Checkout was too slow"],
    ]);
    expect(
      contract.find((p) => p.name === "replyloop_cart_abandon_reason")?.options?.map((o) => o.displayOrder),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("custom questions: choice → enumeration (options of every version), scale → number, yes/no → bool", () => {
    const v1: Question = {
      key: "speed",
      kind: "choice",
      prompt: "Speed?",
      choices: [
        { value: "fast", label: "Fast" },
        { value: "cheap", label: "Cheap" },
      ],
    };
    const v2: Question = { ...v1, choices: [{ value: "same_day", label: "Same day" }, v1.choices[0]!] };
    const contract = propertyContract([
      v1,
      v2,
      { key: "ease", kind: "scale", prompt: "Ease?", min: 1, max: 5 },
      { key: "wrap", kind: "yes_no", prompt: "Wrap?" },
    ]);
    expect(optionsOf(contract, "replyloop_q_speed")).toEqual([
      ["fast", "Fast"],
      ["cheap", "Cheap"],
      ["same_day", "Same day"],
    ]);
    expect(contract.find((p) => p.name === "replyloop_q_ease")?.type).toBe("number");
    expect(contract.find((p) => p.name === "replyloop_q_wrap")).toMatchObject({ type: "bool" });
  });

  it("a question whose type changed takes its latest type", () => {
    const contract = propertyContract([
      { key: "ease", kind: "scale", prompt: "Ease?", min: 1, max: 5 },
      {
        key: "ease",
        kind: "choice",
        prompt: "Ease?",
        choices: [
          { value: "easy", label: "Easy" },
          { value: "hard", label: "Hard" },
        ],
      },
    ]);
    expect(contract.find((p) => p.name === "replyloop_q_ease")?.type).toBe("enumeration");
  });

  it("shops sharing a portal: the union of their options", () => {
    const a = propertyContract([cart([{ value: "too_slow", label: "Slow" }])]);
    const b = propertyContract([cart([{ value: "no_stock", label: "Out of stock" }])]);
    expect(optionsOf(unionContracts([a, b]), "replyloop_cart_abandon_reason")?.map(([v]) => v)).toEqual(
      expect.arrayContaining(["too_slow", "no_stock", "price"]),
    );
  });
});

describe("contractHolds", () => {
  const contract = propertyContract([
    cart([{ value: "too_slow", label: "Slow" }]),
    { key: "wrap", kind: "yes_no", prompt: "Wrap?" },
  ]);
  it.each([
    ["replyloop_cart_abandon_reason", "too_slow", true],
    ["replyloop_cart_abandon_reason", "teleported", false],
    ["replyloop_last_nps_score", "9", true],
    ["replyloop_last_nps_score", "nine", false],
    ["replyloop_q_wrap", "true", true],
    ["replyloop_q_wrap", "yes", false],
    ["replyloop_last_answer_at", "2026-01-01T00:00:00.000Z", true],
    ["replyloop_q_unknown", "x", false],
  ])("%s = %s → %s", (property, value, holds) => {
    expect(contractHolds(contract, property, value)).toBe(holds);
  });
});
