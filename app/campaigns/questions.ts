// Interactive questions: what a customer can answer inside an email. Values are always strings
// ("9", "shipping_cost", "yes"). A question may name follow-up questions, chosen by the value given.
import { z } from "zod";

export const questionKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "lower_snake_case, starting with a letter, at most 40 characters");

const choiceSchema = z.object({
  value: z.string().regex(/^[a-z0-9_]{1,40}$/, "lower_snake_case"),
  label: z.string().min(1).max(80),
});

const baseQuestion = { key: questionKeySchema, prompt: z.string().min(1).max(200) };

export const followUpSchema = z.object({
  key: questionKeySchema,
  prompt: z.string().min(1).max(200),
  choices: z.array(choiceSchema).min(2).max(8),
});

export const questionSchema = z
  .discriminatedUnion("kind", [
    z.object({ ...baseQuestion, kind: z.literal("choice"), choices: z.array(choiceSchema).min(2).max(8) }),
    z.object({
      ...baseQuestion,
      kind: z.literal("scale"),
      min: z.number().int().min(0).max(1),
      max: z.number().int().min(2).max(10),
      minLabel: z.string().max(40).optional(),
      maxLabel: z.string().max(40).optional(),
    }),
    z.object({ ...baseQuestion, kind: z.literal("yes_no") }),
  ])
  .and(
    z.object({
      // Follow-ups: the first whose `values` contains the answer is offered next (choice questions only).
      followUps: z
        .array(z.object({ values: z.array(z.string()).min(1), question: followUpSchema }))
        .optional(),
    }),
  );

export type Question = z.infer<typeof questionSchema>;
export type FollowUp = z.infer<typeof followUpSchema>;

export type QuestionKind = Question["kind"];

/** A follow-up is always a choice question. */
export const kindOf = (question: Question | FollowUp): QuestionKind =>
  "kind" in question ? question.kind : "choice";

/** The values a question accepts, in display order. */
export function answerValues(question: Question | FollowUp): string[] {
  if ("choices" in question) return question.choices.map((c) => c.value);
  if ("min" in question)
    return Array.from({ length: question.max - question.min + 1 }, (_, i) => String(question.min + i));
  return ["yes", "no"];
}

export function labelOf(question: Question | FollowUp, value: string): string {
  if ("choices" in question) return question.choices.find((c) => c.value === value)?.label ?? value;
  if ("kind" in question && question.kind === "yes_no") return value === "yes" ? "Yes" : "No";
  return value;
}

/** The follow-up to offer after `value`, if any. */
export function followUpFor(question: Question, value: string): FollowUp | undefined {
  return question.followUps?.find((f) => f.values.includes(value))?.question;
}

export const NPS_PROMOTER = ["9", "10"];
export const NPS_PASSIVE = ["7", "8"];
export const NPS_DETRACTOR = ["0", "1", "2", "3", "4", "5", "6"];

export function npsCategory(score: number): "promoter" | "passive" | "detractor" {
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

/** The built-in questions; merchants can reword prompts and labels, and add their own questions. */
export const DEFAULT_QUESTIONS = {
  cart_abandon_reason: {
    key: "cart_abandon_reason",
    kind: "choice",
    prompt: "What stopped you from completing your order?",
    choices: [
      { value: "price", label: "The price" },
      { value: "shipping_cost", label: "Shipping cost" },
      { value: "just_browsing", label: "Just browsing" },
      { value: "technical_problem", label: "A technical problem" },
      { value: "other", label: "Something else" },
    ],
  },
  nps: {
    key: "nps",
    kind: "scale",
    prompt: "How likely are you to recommend us to a friend?",
    min: 0,
    max: 10,
    minLabel: "Not likely",
    maxLabel: "Very likely",
    followUps: [
      {
        values: NPS_PROMOTER,
        question: {
          key: "nps_loved",
          prompt: "Thank you! What did you love most?",
          choices: [
            { value: "product_quality", label: "Product quality" },
            { value: "price", label: "Price" },
            { value: "delivery", label: "Fast delivery" },
            { value: "service", label: "Customer service" },
            { value: "other", label: "Something else" },
          ],
        },
      },
      {
        values: NPS_PASSIVE,
        question: {
          key: "nps_improve",
          prompt: "What would make it a 10?",
          choices: [
            { value: "product_quality", label: "Better products" },
            { value: "price", label: "Lower prices" },
            { value: "delivery", label: "Faster delivery" },
            { value: "service", label: "Better service" },
            { value: "other", label: "Something else" },
          ],
        },
      },
      {
        values: NPS_DETRACTOR,
        question: {
          key: "nps_went_wrong",
          prompt: "We're sorry. What went wrong?",
          choices: [
            { value: "product_quality", label: "The product" },
            { value: "delivery", label: "Delivery" },
            { value: "price", label: "Price" },
            { value: "service", label: "Customer service" },
            { value: "other", label: "Something else" },
          ],
        },
      },
    ],
  },
  vip_perk: {
    key: "vip_perk",
    kind: "choice",
    prompt: "Welcome to VIP! Pick your perk:",
    choices: [
      { value: "early_access", label: "Early access to new products" },
      { value: "free_shipping", label: "Free shipping" },
      { value: "gift", label: "A gift with your next order" },
    ],
  },
  shopping_for: {
    key: "shopping_for",
    kind: "choice",
    prompt: "What are you shopping for?",
    choices: [
      { value: "myself", label: "Something for me" },
      { value: "gifts", label: "Gifts" },
      { value: "home", label: "For my home" },
      { value: "just_looking", label: "Just looking" },
    ],
  },
  winback_reason: {
    key: "winback_reason",
    kind: "choice",
    prompt: "Why haven't you been back?",
    choices: [
      { value: "no_need", label: "I haven't needed anything" },
      { value: "found_elsewhere", label: "I found it elsewhere" },
      { value: "price", label: "Prices" },
      { value: "not_satisfied", label: "I wasn't happy with my order" },
      { value: "forgot", label: "I forgot about you" },
    ],
  },
} as const satisfies Record<string, Question>;
