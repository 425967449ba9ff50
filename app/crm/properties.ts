// The HubSpot contract: the property group and typed contact properties Replyloop writes, and how
// an answer, a tier or an engagement becomes property values. Shared by provisioning (crm/hubspot)
// and by everything that records CRM changes.
import {
  answerValues,
  kindOf,
  labelOf,
  npsCategory,
  type FollowUp,
  type Question,
  type QuestionKind,
} from "../campaigns/questions";

export const PROPERTY_GROUP = { name: "replyloop", label: "Replyloop", displayOrder: -1 } as const;

export type PropertyOption = { label: string; value: string; displayOrder: number; hidden: false };
export type PropertyDefinition = {
  name: string;
  label: string;
  description: string;
  groupName: typeof PROPERTY_GROUP.name;
  type: "string" | "number" | "datetime" | "enumeration" | "bool";
  fieldType: "text" | "number" | "date" | "select" | "booleancheckbox" | "radio";
  options?: PropertyOption[];
};

const options = (pairs: [string, string][]): PropertyOption[] =>
  pairs.map(([value, label], i) => ({ value, label, displayOrder: i + 1, hidden: false }));
const bool = options([
  ["true", "Yes"],
  ["false", "No"],
]);

export const VIP_TIERS = ["none", "silver", "gold"] as const;
export type VipTier = (typeof VIP_TIERS)[number];
export const ENGAGEMENT_LEVELS = [
  "delivered",
  "opened",
  "clicked",
  "answered",
  "bounced",
  "unsubscribed",
] as const;
export type Engagement = (typeof ENGAGEMENT_LEVELS)[number];

const def = (d: Omit<PropertyDefinition, "groupName">): PropertyDefinition => ({
  ...d,
  groupName: PROPERTY_GROUP.name,
});

/** The fixed properties (custom questions add `replyloop_q_<key>` ones, see questionProperty). */
export const BASE_PROPERTIES: PropertyDefinition[] = [
  def({
    name: "replyloop_last_nps_score",
    label: "Last NPS score",
    description: "Last NPS answer (0–10) given in a Replyloop email",
    type: "number",
    fieldType: "number",
  }),
  def({
    name: "replyloop_last_nps_at",
    label: "Last NPS answered at",
    description: "When the last NPS answer was given",
    type: "datetime",
    fieldType: "date",
  }),
  def({
    name: "replyloop_nps_category",
    label: "NPS category",
    description: "Promoter (9–10), passive (7–8) or detractor (0–6), from the last NPS answer",
    type: "enumeration",
    fieldType: "select",
    options: options([
      ["promoter", "Promoter"],
      ["passive", "Passive"],
      ["detractor", "Detractor"],
    ]),
  }),
  def({
    name: "replyloop_cart_abandon_reason",
    label: "Cart abandon reason",
    description: "Why the customer left their cart, answered in the abandoned-cart email",
    type: "enumeration",
    fieldType: "select",
    options: options([
      ["price", "The price"],
      ["shipping_cost", "Shipping cost"],
      ["just_browsing", "Just browsing"],
      ["technical_problem", "A technical problem"],
      ["other", "Something else"],
    ]),
  }),
  def({
    name: "replyloop_cart_recovered",
    label: "Cart recovered",
    description: "A cart that got a Replyloop email was bought",
    type: "bool",
    fieldType: "booleancheckbox",
    options: bool,
  }),
  def({
    name: "replyloop_vip_tier",
    label: "VIP tier",
    description:
      "VIP tier; kept in sync with the customer's VIP-… tag in Shopify (set it here to change it there)",
    type: "enumeration",
    fieldType: "select",
    options: options([
      ["none", "None"],
      ["silver", "Silver"],
      ["gold", "Gold"],
    ]),
  }),
  def({
    name: "replyloop_vip_perk",
    label: "VIP perk",
    description: "The perk the customer picked in the VIP email",
    type: "enumeration",
    fieldType: "select",
    options: options([
      ["early_access", "Early access"],
      ["free_shipping", "Free shipping"],
      ["gift", "Gift"],
    ]),
  }),
  def({
    name: "replyloop_last_answer_at",
    label: "Last answer at",
    description: "Last interactive answer of any kind",
    type: "datetime",
    fieldType: "date",
  }),
  def({
    name: "replyloop_email_engagement",
    label: "Email engagement",
    description: "Latest engagement with a Replyloop email",
    type: "enumeration",
    fieldType: "select",
    options: options(ENGAGEMENT_LEVELS.map((l) => [l, l[0]!.toUpperCase() + l.slice(1)])),
  }),
];

/** Questions with a property of their own in BASE_PROPERTIES. */
const BUILT_IN: Record<string, string> = {
  cart_abandon_reason: "replyloop_cart_abandon_reason",
  nps: "replyloop_last_nps_score",
  vip_perk: "replyloop_vip_perk",
};

export const questionPropertyName = (key: string) => BUILT_IN[key] ?? `replyloop_q_${key}`;

export const isBuiltInQuestion = (key: string) => key in BUILT_IN;

/** The options a question's answers need on an enumeration property, in the question's order. */
export function questionOptions(question: Question | FollowUp): { value: string; label: string }[] {
  const kind = kindOf(question);
  return answerValues(question).map((v) => ({
    value: propertyValue(kind, v),
    label: labelOf(question, v).slice(0, 100),
  }));
}

/** The property a custom (or follow-up) question writes to; its type follows the question. */
export function questionProperty(question: Question | FollowUp): PropertyDefinition | undefined {
  if (BUILT_IN[question.key]) return undefined;
  const name = questionPropertyName(question.key);
  const kind = kindOf(question);
  const label = question.prompt.slice(0, 100);
  const description = `Answer to "${question.prompt}" in a Replyloop email`;
  if (kind === "scale") return def({ name, label, description, type: "number", fieldType: "number" });
  if (kind === "yes_no")
    return def({ name, label, description, type: "bool", fieldType: "booleancheckbox", options: bool });
  return def({
    name,
    label,
    description,
    type: "enumeration",
    fieldType: "select",
    options: options(questionOptions(question).map((o) => [o.value, o.label])),
  });
}

/** How an answer's value is written to its question's property (yes/no questions write booleans). */
export const propertyValue = (kind: QuestionKind, value: string) =>
  kind === "yes_no" ? (value === "yes" ? "true" : "false") : value;

/** Property values for a confirmed answer (`at`: when it was confirmed). */
export function answerProperties(
  answer: { key: string; kind: QuestionKind; value: string },
  at: Date,
): Record<string, string> {
  const props: Record<string, string> = { replyloop_last_answer_at: at.toISOString() };
  if (answer.key === "nps") {
    const score = Number(answer.value);
    props.replyloop_last_nps_score = String(score);
    props.replyloop_last_nps_at = at.toISOString();
    props.replyloop_nps_category = npsCategory(score);
  } else {
    props[questionPropertyName(answer.key)] = propertyValue(answer.kind, answer.value);
  }
  return props;
}
