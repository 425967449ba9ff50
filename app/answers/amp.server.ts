// POST /amp/answer: the action-xhr endpoint of the AMP forms. The mail client posts the form (the
// token and the chosen value); a POST from the email itself is an answer, confirmed once the token,
// the message, the recipient and the value check out. The JSON reply names the follow-up question
// the email should show next (amp-bind), or none. Public: never behind authenticate.admin.
import { z } from "zod";
import { answerValues, followUpFor, labelOf } from "../campaigns/questions";
import { env } from "../env.server";
import { readBodyWithLimit } from "../lib/http.server";
import { log } from "../lib/log.server";
import { confirmAnswer, recordClick, resolveTarget } from "./answers.server";
import { ampCors } from "./amp-cors";
import { defaultAnswerDeps, type AnswerEdgeDeps } from "./link.server";
import { verifyToken } from "./tokens";

const MAX_FORM_BYTES = 16 * 1024;
const ampForm = z.object({ token: z.string().min(1).max(1024), value: z.string().min(1).max(40) });

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

/** Form fields of a multipart (what amp-form sends) or urlencoded body; anything not text is dropped. */
async function formFields(text: string, contentType: string | null): Promise<Record<string, string> | null> {
  try {
    const form = await new Request("http://form.local/", {
      method: "POST",
      headers: { "Content-Type": contentType ?? "application/x-www-form-urlencoded" },
      body: text,
    }).formData();
    const fields: Record<string, string> = {};
    for (const [key, value] of form.entries()) if (typeof value === "string") fields[key] = value;
    return fields;
  } catch {
    return null;
  }
}

export type AmpDeps = AnswerEdgeDeps & { allowedSenders: readonly string[] };

export const defaultAmpDeps = (): AmpDeps => ({
  ...defaultAnswerDeps(),
  allowedSenders: [env.EMAIL_FROM_ADDRESS],
});

/** OPTIONS (a preflight some clients send): the CORS answer alone. */
export function ampAnswerOptions(request: Request, deps = defaultAmpDeps()): Response {
  const cors = ampCors(request, deps.allowedSenders);
  return new Response(null, { status: cors.ok ? 204 : 403, headers: cors.ok ? cors.headers : {} });
}

export async function ampAnswerAction(request: Request, deps = defaultAmpDeps()): Promise<Response> {
  if (request.method.toUpperCase() !== "POST")
    return json(405, { message: "Method not allowed" }, { Allow: "POST" });
  const cors = ampCors(request, deps.allowedSenders);
  // Without the sender check passing, the mail client must not show anything from us.
  if (!cors.ok) return json(403, { message: "Forbidden" });
  const fail = (status: number, message: string) => json(status, { ok: false, message }, cors.headers);

  const body = await readBodyWithLimit(request, MAX_FORM_BYTES);
  if (!body.ok) return body.response;
  const form = ampForm.safeParse(await formFields(body.text, request.headers.get("content-type")));
  if (!form.success) return fail(400, "Please choose an answer.");

  const now = deps.clock.now();
  const verified = verifyToken(deps.secret, form.data.token, "amp", now);
  if (!verified.ok)
    return fail(
      verified.reason === "expired" ? 410 : 400,
      verified.reason === "expired" ? "This question has closed." : "This form isn't valid.",
    );
  const target = await resolveTarget(deps.db, deps.secret, verified.claims);
  if (!target || !answerValues(target.question).includes(form.data.value))
    return fail(400, "This form isn't valid.");

  const value = form.data.value;
  await deps.db.$transaction(async (tx) => {
    await recordClick(tx, target, {
      value,
      state: "confirmed",
      flags: [],
      userAgent: request.headers.get("user-agent"),
      at: now,
    });
    await confirmAnswer(tx, target, { value, channel: "amp", at: now });
  });
  log.info("amp answer confirmed", {
    shop: target.message.shop,
    messageId: target.message.id,
    question: target.question.key,
  });
  const followUp =
    !target.parent && "kind" in target.question ? followUpFor(target.question, value) : undefined;
  return json(
    200,
    {
      ok: true,
      question: target.question.key,
      value,
      label: labelOf(target.question, value),
      followUp: followUp?.key ?? null,
    },
    cors.headers,
  );
}
