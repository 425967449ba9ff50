// GET/HEAD/POST /a/<token>: one-click answer links. A GET never confirms: it records the click
// (provisional, or flagged as scanner activity) and shows the choice; only a POST confirms — a
// person pressing the page's button at once; the page's own script (clean clicks only, once the
// page has been visible ≥ 2 s) provisionally: held for HOLD_WINDOW_MS, void if another choice of
// the question is opened meanwhile (settle.server.ts). See docs/decisions/0010-scanner-safe-answers.md.
// Public: never behind authenticate.admin.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { followUpFor, labelOf } from "../campaigns/questions";
import db, { type Db } from "../db.server";
import { questionLinks } from "../email/links";
import { linkSigningKey } from "../lib/keys.server";
import { appClock } from "../lib/app-clock.server";
import type { Clock } from "../lib/clock";
import { plain, readBodyWithLimit } from "../lib/http.server";
import { log } from "../lib/log.server";
import {
  brandOf,
  clicksAround,
  confirmAnswer,
  isValidValue,
  neutralBrand,
  recordClick,
  resolveTarget,
  storedFlags,
  type Target,
} from "./answers.server";
import { choicePage, messagePage, thanksPage, toResponse, type Brand } from "./pages";
import {
  automationFlags,
  BURST_WINDOW_MS,
  confirmDecision,
  HOLD_WINDOW_MS,
  isHumanGesture,
  MIN_VISIBLE_MS,
  requestSignals,
  timingFlags,
  type ScannerFlag,
} from "./scanner";
import { verifyToken, type AnswerTokenClaims, type VerifyFailure } from "./tokens";

export type AnswerEdgeDeps = { db: Db; secret: string; clock: Clock };

export const defaultAnswerDeps = (): AnswerEdgeDeps => ({
  db,
  secret: linkSigningKey,
  clock: appClock,
});

const MAX_FORM_BYTES = 4096;

/** Why a confirmation was refused, as the merchant's "not answers" list says it. */
const REFUSED = {
  automated: "A confirmation came from an automated request (a link scanner): refused.",
  flagged:
    "The page tried to confirm by itself, but the click looked like a link scanner's: only the button counts.",
  too_soon: "The page tried to confirm before it had been on screen for 2 seconds.",
} as const;
const confirmForm = z.object({ click: z.string().min(1).max(64), mode: z.enum(["auto", "button"]) });

function invalidLink(reason: VerifyFailure | "not_found") {
  return reason === "expired"
    ? messagePage(
        neutralBrand,
        410,
        "This link has expired",
        "Answer links work for a limited time after the email was sent. Thank you for wanting to answer!",
      )
    : messagePage(
        neutralBrand,
        404,
        "This link isn't valid",
        "Please use the link exactly as it appears in your email.",
      );
}

type Resolved =
  { ok: true; claims: AnswerTokenClaims; target: Target; brand: Brand } | { ok: false; response: Response };

async function resolve(deps: AnswerEdgeDeps, token: string, now: Date): Promise<Resolved> {
  const verified = verifyToken(deps.secret, token, "answer", now);
  if (!verified.ok) return { ok: false, response: toResponse(invalidLink(verified.reason)) };
  const claims = verified.claims;
  const target = await resolveTarget(deps.db, deps.secret, claims);
  if (!target || !isValidValue(target.question, claims.value))
    return { ok: false, response: toResponse(invalidLink("not_found")) };
  return { ok: true, claims, target, brand: await brandOf(deps.db, claims.shop) };
}

const actionPath = (token: string) => `/a/${token}`;

/** GET (and HEAD): record the click, show the choice; the page confirms itself only for a clean click. */
export async function answerLinkLoader(
  request: Request,
  token: string,
  deps = defaultAnswerDeps(),
): Promise<Response> {
  const signals = requestSignals(request);
  if (signals.method !== "GET" && signals.method !== "HEAD")
    return plain(405, "Method not allowed", { Allow: "GET, HEAD, POST" });
  const now = deps.clock.now();
  const resolved = await resolve(deps, token, now);
  if (!resolved.ok) return resolved.response;
  const { claims, target, brand } = resolved;
  const link = { questionKey: target.question.key, value: claims.value };

  const { flags, clickId } = await deps.db.$transaction(async (tx) => {
    const others = await clicksAround(tx, target.message.id, now, BURST_WINDOW_MS);
    const all: ScannerFlag[] = [
      ...automationFlags(signals),
      ...timingFlags({
        at: now,
        deliveredAt: target.message.deliveredAt ?? target.message.submittedAt,
        link,
        otherClicks: others,
      }),
    ];
    const id = await recordClick(tx, target, {
      value: claims.value,
      state: all.length ? "flagged" : "provisional",
      flags: all,
      userAgent: signals.userAgent,
      at: now,
    });
    return { flags: all, clickId: id };
  });
  if (flags.length)
    log.info("answer link opened, flagged", { shop: claims.shop, messageId: target.message.id, flags });

  const page = choicePage({
    brand,
    prompt: target.question.prompt,
    label: labelOf(target.question, claims.value),
    action: actionPath(token),
    clickId,
    autoConfirm:
      flags.length === 0 ? { nonce: randomBytes(16).toString("base64"), minVisibleMs: MIN_VISIBLE_MS } : null,
  });
  return toResponse(page);
}

/** POST: confirm — from the page's button or its script — unless the request or the click looks automated. */
export async function answerLinkAction(
  request: Request,
  token: string,
  deps = defaultAnswerDeps(),
): Promise<Response> {
  if (request.method.toUpperCase() !== "POST")
    return plain(405, "Method not allowed", { Allow: "GET, HEAD, POST" });
  const signals = requestSignals(request);
  const now = deps.clock.now();
  const resolved = await resolve(deps, token, now);
  if (!resolved.ok) return resolved.response;
  const { claims, target, brand } = resolved;

  const body = await readBodyWithLimit(request, MAX_FORM_BYTES);
  if (!body.ok) return body.response;
  const form = confirmForm.safeParse(Object.fromEntries(new URLSearchParams(body.text)));
  const again = messagePage(
    brand,
    400,
    "Please try again",
    "Something went wrong with this page. Please use the link in your email once more.",
  );
  if (!form.success) return toResponse(again);

  const outcome = await deps.db.$transaction(async (tx) => {
    const click = await tx.answerClick.findUnique({ where: { id: form.data.click } });
    if (
      !click ||
      click.messageId !== target.message.id ||
      click.questionKey !== target.question.key ||
      click.value !== claims.value
    ) {
      return { kind: "unknown_click" as const };
    }
    // Re-check the burst now: links a scanner opened after this one count too.
    const around = await clicksAround(tx, target.message.id, click.at, BURST_WINDOW_MS, click.id);
    const burst = timingFlags({
      at: click.at,
      deliveredAt: null,
      link: { questionKey: click.questionKey, value: click.value },
      otherClicks: around,
    });
    const decision = confirmDecision({
      mode: isHumanGesture(form.data.mode, signals) ? "button" : "auto",
      requestFlags: automationFlags(signals),
      clickFlags: [...storedFlags(click.flags), ...burst],
      elapsedMs: now.getTime() - click.at.getTime(),
    });
    if (!decision.ok) {
      await tx.answerClick.update({ where: { id: click.id }, data: { reason: REFUSED[decision.reason] } });
      return { kind: "refused" as const, reason: decision.reason };
    }
    if (decision.hold) {
      // Provisional: the settle task makes it an answer when the window passes without a conflict.
      if (click.state === "provisional")
        await tx.answerClick.update({
          where: { id: click.id },
          data: {
            state: "held",
            postedAt: now,
            heldUntil: new Date(click.at.getTime() + HOLD_WINDOW_MS),
            reason: null,
          },
        });
      return { kind: "held" as const };
    }
    await confirmAnswer(tx, target, { value: claims.value, channel: "link", at: now });
    await tx.answerClick.update({
      where: { id: click.id },
      data: { state: "confirmed", postedAt: now, heldUntil: null, reason: null },
    });
    return { kind: "confirmed" as const };
  });

  const label = labelOf(target.question, claims.value);
  if (outcome.kind === "unknown_click") return toResponse(again);
  if (outcome.kind === "refused") {
    log.info("answer confirmation refused", {
      shop: claims.shop,
      messageId: target.message.id,
      reason: outcome.reason,
    });
    if (outcome.reason === "automated") {
      return toResponse(
        messagePage(
          brand,
          403,
          "Open this link in your browser",
          "Answers are saved when you confirm them in a web browser.",
        ),
      );
    }
    return toResponse(
      choicePage({
        brand,
        prompt: target.question.prompt,
        label,
        action: actionPath(token),
        clickId: form.data.click,
        autoConfirm: null,
        notice: "Please press the button to save your answer.",
      }),
    );
  }
  const followUp = target.parent
    ? undefined
    : "kind" in target.question
      ? followUpFor(target.question, claims.value)
      : undefined;
  const links = followUp
    ? questionLinks(
        // Relative links: the page is on our own origin, whatever host the request came through.
        {
          secret: deps.secret,
          baseUrl: "",
          shop: claims.shop,
          messageId: target.message.id,
          email: target.message.toEmail,
          expiresAt: new Date(claims.expiresAt * 1000),
        },
        followUp,
      )
    : null;
  return toResponse(
    thanksPage({
      brand,
      label,
      followUp:
        followUp && links
          ? {
              prompt: followUp.prompt,
              choices: followUp.choices.map((c) => ({ label: c.label, url: links[c.value] ?? "" })),
            }
          : null,
    }),
  );
}
