// GET/POST /u/<token>: unsubscribing from a shop's marketing email. The POST unsubscribes at once —
// RFC 8058 one-click (`List-Unsubscribe=One-Click`, sent by mailbox providers, often with bot user
// agents, which is why there is no bot check here) or the page's button. A GET only shows the page
// with the button: link scanners open every link and must not unsubscribe anyone.
import { brandOf, neutralBrand, resolveMessage } from "../answers/answers.server";
import { defaultAnswerDeps, type AnswerEdgeDeps } from "../answers/link.server";
import { maskEmail, messagePage, toResponse, unsubscribePage, unsubscribedPage } from "../answers/pages";
import { verifyToken } from "../answers/tokens";
import { recordCrmChange } from "../crm/writes.server";
import { isSuppressed } from "../customers/suppression.server";
import { suppressAndExit } from "../campaigns/journey-state.server";
import { plain, readBodyWithLimit } from "../lib/http.server";
import { log } from "../lib/log.server";

const MAX_FORM_BYTES = 4096;

async function resolve(deps: AnswerEdgeDeps, token: string) {
  const verified = verifyToken(deps.secret, token, "unsubscribe", deps.clock.now());
  if (!verified.ok) return null;
  const resolved = await resolveMessage(deps.db, deps.secret, verified.claims);
  return resolved ? { shop: verified.claims.shop, message: resolved.message } : null;
}

const invalid = () =>
  toResponse(
    messagePage(
      neutralBrand,
      404,
      "This link isn't valid",
      "Please use the unsubscribe link exactly as it appears in your email.",
    ),
  );

export async function unsubscribeLoader(
  request: Request,
  token: string,
  deps = defaultAnswerDeps(),
): Promise<Response> {
  const method = request.method.toUpperCase();
  if (method !== "GET" && method !== "HEAD")
    return plain(405, "Method not allowed", { Allow: "GET, HEAD, POST" });
  const found = await resolve(deps, token);
  if (!found) return invalid();
  const brand = await brandOf(deps.db, found.shop);
  const alreadyUnsubscribed = await isSuppressed(deps.db, found.shop, found.message.toEmail);
  return toResponse(
    unsubscribePage(brand, {
      maskedEmail: maskEmail(found.message.toEmail),
      action: `/u/${token}`,
      alreadyUnsubscribed,
    }),
  );
}

export async function unsubscribeAction(
  request: Request,
  token: string,
  deps = defaultAnswerDeps(),
): Promise<Response> {
  if (request.method.toUpperCase() !== "POST")
    return plain(405, "Method not allowed", { Allow: "GET, HEAD, POST" });
  // The body (List-Unsubscribe=One-Click, or the page's form) carries nothing we need: the signed
  // token says who. It is still read within a limit, never trusted.
  const body = await readBodyWithLimit(request, MAX_FORM_BYTES);
  if (!body.ok) return body.response;
  const found = await resolve(deps, token);
  if (!found) return invalid();
  const now = deps.clock.now();
  const { shop, message } = found;
  const cancelled = await deps.db.$transaction(async (tx) => {
    if (await isSuppressed(tx, shop, message.toEmail)) return null;
    const result = await suppressAndExit(tx, shop, message.toEmail, "unsubscribed", now);
    await recordCrmChange(tx, {
      shop,
      email: message.toEmail,
      properties: { replyloop_email_engagement: "unsubscribed" },
      at: now,
    });
    return result.cancelled;
  });
  if (cancelled !== null)
    log.info("unsubscribed", { shop, messageId: message.id, cancelledSends: cancelled });
  return toResponse(unsubscribedPage(await brandOf(deps.db, shop), maskEmail(message.toEmail)));
}
