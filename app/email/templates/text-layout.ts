// The text/plain part: everything the HTML says, readable in any client, every answer a plain link.
// The answer links of a question are one per-recipient value (answerLinesText), like the HTML rows.
import type { FollowUp, Question } from "../../campaigns/questions";
import { answerValues, labelOf } from "../../campaigns/questions";
import { escapeLiquid } from "./escape";
import { answerLinesVar, type LayoutSpec } from "./layout-spec";

function items(source: "checkout" | "order") {
  return `{{ rl.item_lines }}\nTotal: {{ ${source}.total_price }}`;
}

/** A question's answer links as text lines, for one recipient (built per recipient, like answerRowsHtml). */
export function answerLinesText(q: Question | FollowUp, urls: Record<string, string>): string {
  return answerValues(q)
    .map((value) => `  ${labelOf(q, value)}: ${urls[value] ?? ""}`)
    .join("\n");
}

function question(q: Question) {
  return `${escapeLiquid(q.prompt)}\n{{ ${answerLinesVar(q.key)} }}`;
}

export function textLayout(spec: LayoutSpec): string {
  const questions = spec.questions.map(question).join("\n\n");
  const blocks = [
    "{{ rl.text.heading }}",
    "{{ rl.text.body }}",
    spec.questionsFirst ? questions : "",
    spec.discount
      ? `Your code: {{ discount.code }} ({{ discount.percent }}% off, expires {{ discount.expires_at | date: "%B %-d, %Y" }})`
      : "",
    spec.items ? items(spec.items) : "",
    `{{ rl.text.button_label }}: {{ ${spec.ctaUrl} }}`,
    spec.questionsFirst ? "" : questions,
    `--\n${escapeLiquid(spec.shop.name)}${spec.shop.address ? `, ${escapeLiquid(spec.shop.address)}` : ""}${spec.marketing ? "\nUnsubscribe: {{ rl.unsubscribe_url }}" : ""}`,
  ];
  return `${blocks.filter(Boolean).join("\n\n")}\n`;
}
