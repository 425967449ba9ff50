// Issue 5, one-click unsubscribe (RFC 8058): the POST a mailbox provider sends to the
// List-Unsubscribe URL suppresses the address at once and cancels its pending sends; the next
// marketing email is not sent. A GET (a scanner, or a person) only shows the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSuppressed } from "../app/customers/suppression.server";
import db from "../app/db.server";
import { createEmailSender } from "../app/email/sender.server";
import { createOutboxTransport } from "../app/email/outbox/transport.server";
import { systemClock } from "../app/lib/clock";
import { startBuiltApp } from "./helpers/app-server";
import { deliveredEmail } from "./helpers/answers";
import { outgoingFor } from "./helpers/email";
import { BROWSER_UA, seedShop, TEST_SHOP } from "./helpers/shopify";

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(TEST_SHOP, { name: "Demo Store" });
  app = await startBuiltApp();
});
afterAll(() => app.close());

async function seedSend(email: string, key: string) {
  return db.scheduledSend.create({
    data: {
      shop: TEST_SHOP,
      journeyId: `journey-${key}`,
      campaign: "abandoned_cart",
      step: "email_2",
      email,
      runAt: new Date(Date.now() + 86_400_000),
      idempotencyKey: `send-${key}`,
    },
  });
}

const listUnsubscribeUrl = (headers: unknown) => {
  const value =
    typeof headers === "object" && headers !== null && "List-Unsubscribe" in headers
      ? String(headers["List-Unsubscribe"])
      : "";
  const url = /<(http[^>]+)>/.exec(value)?.[1];
  if (!url) throw new Error("no List-Unsubscribe URL");
  return url;
};

const oneClick = (url: string) =>
  fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "User-Agent": "Mozilla/5.0 (compatible; GoogleOneClickUnsubscribe)",
    },
    body: "List-Unsubscribe=One-Click",
  });

describe("one-click unsubscribe", () => {
  it("POST to the List-Unsubscribe URL: suppressed, pending sends cancelled, the next email not sent", async () => {
    const { message, email } = await deliveredEmail(app.url, "abandoned_cart_1");
    const pending = await seedSend(message.toEmail, "pending");
    const someoneElse = await seedSend("other@example.com", "other");
    const url = listUnsubscribeUrl(message.headers);
    expect(message.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });

    const res = await oneClick(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("You're unsubscribed");

    expect(await isSuppressed(db, TEST_SHOP, message.toEmail)).toBe(true);
    expect(
      await db.suppression.findFirst({ where: { shop: TEST_SHOP, email: message.toEmail } }),
    ).toMatchObject({ reason: "unsubscribed" });
    expect(await db.scheduledSend.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      state: "cancelled",
      reason: "suppressed: unsubscribed",
    });
    expect(await db.scheduledSend.findUniqueOrThrow({ where: { id: someoneElse.id } })).toMatchObject({
      state: "scheduled",
    });
    expect(
      await db.decision.findFirst({ where: { shop: TEST_SHOP, journeyId: "journey-pending" } }),
    ).toMatchObject({ kind: "cancelled", reason: "address suppressed (unsubscribed)" });
    expect(
      await db.crmWrite.findFirst({
        where: {
          shop: TEST_SHOP,
          email: message.toEmail,
          property: "replyloop_email_engagement",
          value: "unsubscribed",
        },
      }),
    ).not.toBeNull();

    // The next marketing email to this customer is not sent.
    const sender = createEmailSender({
      db,
      transport: createOutboxTransport({ clock: systemClock }),
      config: {
        baseUrl: app.url,
        signingSecret: process.env.ANSWER_SIGNING_SECRET ?? "",
        fromAddress: "hello@replyloop.localhost",
      },
    });
    const next = await sender.send(outgoingFor("abandoned_cart_2", { to: { email: email.to.email } }));
    expect(next.status).toBe("rejected");
    expect(next.status === "rejected" ? next.reason : "").toContain("suppressed");

    // Again: nothing new.
    const counts = async () => [
      await db.suppression.count(),
      await db.decision.count(),
      await db.crmWrite.count(),
    ];
    const before = await counts();
    expect((await oneClick(url)).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it("GET shows a page with a button and changes nothing; its button unsubscribes", async () => {
    const { message, unsubscribeLink } = await deliveredEmail(app.url, "vip_welcome", {
      overrides: { to: { email: "page-visitor@example.com" } },
    });
    const pending = await seedSend(message.toEmail, "page");
    const page = await fetch(unsubscribeLink ?? "", { headers: { "User-Agent": BROWSER_UA } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Unsubscribe?");
    expect(html).toContain("p•••@example.com");
    expect(html).toMatch(
      /<form method="post" action="\/u\/[^"]+"><input type="hidden" name="confirm" value="1"><button type="submit">Unsubscribe<\/button><\/form>/,
    );
    expect(await isSuppressed(db, TEST_SHOP, message.toEmail)).toBe(false);
    expect(await db.scheduledSend.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      state: "scheduled",
    });

    const button = await fetch(unsubscribeLink ?? "", {
      method: "POST",
      headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: "confirm=1",
    });
    expect(button.status).toBe(200);
    expect(await isSuppressed(db, TEST_SHOP, message.toEmail)).toBe(true);
    expect(await db.scheduledSend.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      state: "cancelled",
    });
  });

  it("a forged or altered link: 404, nobody unsubscribed", async () => {
    const { message, unsubscribeLink } = await deliveredEmail(app.url, "vip_welcome", {
      overrides: { to: { email: "forged@example.com" } },
    });
    const altered = `${(unsubscribeLink ?? "").slice(0, -3)}${(unsubscribeLink ?? "").endsWith("AAA") ? "BBB" : "AAA"}`;
    expect((await oneClick(altered)).status).toBe(404);
    expect((await oneClick(`${app.url}/u/nonsense`)).status).toBe(404);
    expect(await isSuppressed(db, TEST_SHOP, message.toEmail)).toBe(false);
  });
});
