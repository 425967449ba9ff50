// The links of one email to one recipient: an answer link per choice, an AMP form token per
// question (and follow-up), and the unsubscribe link. All signed for this message and address.
import type { FollowUp, Question } from "../campaigns/questions";
import { answerValues } from "../campaigns/questions";
import { recipientTag, signToken } from "../answers/tokens";
import type { RecipientLinks } from "./render";

export const ANSWER_PATH = "/a/";
export const UNSUBSCRIBE_PATH = "/u/";
export const AMP_ANSWER_PATH = "/amp/answer";

export type LinkInput = {
  secret: string;
  /** Public base URL of the app (SHOPIFY_APP_URL). */
  baseUrl: string;
  shop: string;
  messageId: string;
  email: string;
  questions: readonly Question[];
  expiresAt: Date;
  marketing: boolean;
};

const join = (base: string, path: string) => `${base.replace(/\/+$/, "")}${path}`;

export const answerUrl = (baseUrl: string, token: string) => join(baseUrl, `${ANSWER_PATH}${token}`);
export const unsubscribeUrl = (baseUrl: string, token: string) =>
  join(baseUrl, `${UNSUBSCRIBE_PATH}${token}`);
export const ampEndpoint = (baseUrl: string) => join(baseUrl, AMP_ANSWER_PATH);

/** Links to answer one question (a top-level question or a follow-up offered after an answer). */
export function questionLinks(
  input: Omit<LinkInput, "questions" | "marketing">,
  question: Question | FollowUp,
  tag = recipientTag(input.secret, input.email),
) {
  const expiresAt = Math.floor(input.expiresAt.getTime() / 1000);
  return Object.fromEntries(
    answerValues(question).map((value) => [
      value,
      answerUrl(
        input.baseUrl,
        signToken(input.secret, {
          purpose: "answer",
          shop: input.shop,
          messageId: input.messageId,
          recipientTag: tag,
          questionKey: question.key,
          value,
          expiresAt,
        }),
      ),
    ]),
  );
}

export function recipientLinks(input: LinkInput): RecipientLinks {
  const tag = recipientTag(input.secret, input.email);
  const expiresAt = Math.floor(input.expiresAt.getTime() / 1000);
  const answerUrls: RecipientLinks["answerUrls"] = {};
  const ampTokens: RecipientLinks["ampTokens"] = {};
  const ampToken = (questionKey: string) =>
    signToken(input.secret, {
      purpose: "amp",
      shop: input.shop,
      messageId: input.messageId,
      recipientTag: tag,
      questionKey,
      expiresAt,
    });
  for (const question of input.questions) {
    answerUrls[question.key] = questionLinks(input, question, tag);
    ampTokens[question.key] = ampToken(question.key);
    for (const followUp of question.followUps ?? [])
      ampTokens[followUp.question.key] = ampToken(followUp.question.key);
  }
  const unsubscribe = input.marketing
    ? unsubscribeUrl(
        input.baseUrl,
        signToken(input.secret, {
          purpose: "unsubscribe",
          shop: input.shop,
          messageId: input.messageId,
          recipientTag: tag,
        }),
      )
    : null;
  return { answerUrls, ampTokens, unsubscribeUrl: unsubscribe };
}
