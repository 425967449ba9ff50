// Where a customer can answer: in an email (a link or the AMP form), on the Thank-you or Order
// status page (the checkout UI extension), or by replying to a text. Stored as Answer.source.
export const ANSWER_SOURCES = ["email", "thank_you_page", "order_status_page", "sms"] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

export const SOURCE_LABELS: Record<AnswerSource, string> = {
  email: "Email",
  thank_you_page: "Thank-you page",
  order_status_page: "Order status page",
  sms: "SMS",
};

export function sourceLabel(source: string): string {
  return (ANSWER_SOURCES as readonly string[]).includes(source)
    ? SOURCE_LABELS[source as AnswerSource]
    : source;
}
