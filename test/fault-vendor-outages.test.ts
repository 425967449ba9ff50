// Issue 17, R4: the vendors go away. HubSpot refuses connections for 10 minutes of app-clock time,
// then answers nothing but 429s for a while: every answer lands afterwards, each contact's last
// answer wins, and the flusher never asks again within the rolling 10 s window of a 429 (so at
// most one 429 per window). SendGrid answers 5xx, then stops answering at all (the client times
// out): every email is accepted exactly once. Time is the app clock, moved by the test.
import { fakeHubSpot as hubspot } from "../fakes/local-hubspot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWithToken } from "../app/crm/hubspot/connection.server";
import { flushCrmWrites } from "../app/crm/hubspot/flusher.server";
import { answerProperties } from "../app/crm/properties";
import { recordCrmChange } from "../app/crm/writes.server";
import db from "../app/db.server";
import type { ComposeConfig } from "../app/email/compose";
import type { SendOutcome } from "../app/email/outgoing";
import { createEmailSender, TransientSendError } from "../app/email/sender.server";
import { CUSTOM_ARG_MESSAGE } from "../app/email/sendgrid/custom-args";
import { createSendGridTransport } from "../app/email/sendgrid/transport.server";
import { installClock } from "../app/lib/app-clock.server";
import { ManualClock, MINUTE } from "../app/lib/clock";
import { startFakeSendGrid, type FakeSendGrid } from "../fakes/sendgrid-server";
import { outgoingFor } from "./helpers/email";
import { runJobs } from "./helpers/jobs";
import { seedShop, TEST_SHOP } from "./helpers/shopify";

const clock = new ManualClock("2026-12-07T10:00:00Z");
installClock(clock);
const PORTAL = "7117";

afterAll(() => hubspot.stop());

describe("HubSpot refused for 10 minutes, then a 429 storm", () => {
  beforeAll(async () => {
    await seedShop(TEST_SHOP);
    expect(await connectWithToken(db, { shop: TEST_SHOP, token: hubspot.addPortal(PORTAL) })).toMatchObject({
      ok: true,
    });
    await runJobs(); // property provisioning
    await db.crmWrite.deleteMany();
  });

  async function answer(email: string, score: number) {
    const at = clock.now();
    await db.$transaction((tx) =>
      recordCrmChange(tx, {
        shop: TEST_SHOP,
        email,
        properties: answerProperties({ key: "nps", kind: "scale", value: String(score) }, at),
        at,
      }),
    );
  }
  /** The worker's flusher, every second of app time, for `seconds`; returns each call's app time. */
  async function flushFor(seconds: number) {
    const calls: { at: number; status: number }[] = [];
    for (let s = 0; s < seconds; s++) {
      const before = hubspot.calls({ portalId: PORTAL }).length;
      await flushCrmWrites(db, { clock, lingerMs: 0 });
      for (const call of hubspot.calls({ portalId: PORTAL }).slice(before))
        calls.push({ at: clock.now().getTime(), status: call.status });
      clock.advance(1_000);
    }
    return calls;
  }

  it("every answer lands afterwards, the last one wins, and no more than one 429 per 10 s window", async () => {
    const port = new URL(hubspot.url).port;
    const emails = Array.from({ length: 40 }, (_, i) => `outage-${i}@example.com`);
    for (const [i, email] of emails.entries()) await answer(email, i % 11);
    const writesBefore = hubspot.writes.length;

    // Connection refused for 10 minutes of app time; half the customers answer again meanwhile.
    await hubspot.stop();
    await flushFor(5 * 60);
    for (const email of emails.slice(0, 20)) await answer(email, 10);
    await flushFor(5 * 60);
    expect(await db.crmWrite.count({ where: { state: "failed" } })).toBe(0);

    // HubSpot is back, answering only 429s (its ten-secondly limit) for 8 minutes (the backoff after
    // the outage is at most 5).
    await hubspot.start(Number(port));
    hubspot.failAll(429);
    const storm = await flushFor(8 * 60);
    hubspot.recover();
    const rateLimited = storm.filter((c) => c.status === 429).map((c) => c.at);
    expect(rateLimited.length).toBeGreaterThan(0);
    for (const [i, at] of rateLimited.entries())
      expect(
        at - (rateLimited[i - 1] ?? -Infinity),
        `429s at ${rateLimited.join(", ")}`,
      ).toBeGreaterThanOrEqual(10_000);

    // Afterwards everything lands, each contact with its last answer, written once.
    for (let i = 0; i < 12; i++) {
      clock.advance(5 * MINUTE);
      await flushCrmWrites(db, { clock, lingerMs: 0 });
    }
    expect(await db.crmWrite.count({ where: { state: { notIn: ["sent", "superseded"] } } })).toBe(0);
    for (const [i, email] of emails.entries()) {
      const expected = i < 20 ? "10" : String(i % 11);
      expect(hubspot.contact(PORTAL, email)?.properties.replyloop_last_nps_score, email).toBe(expected);
      const written = hubspot.writes
        .slice(writesBefore)
        .filter((w) => w.email === email && w.property === "replyloop_last_nps_score");
      expect(written.map((w) => w.value)).toEqual([expected]);
    }
  }, 120_000);
});

describe("SendGrid answering 5xx, then timing out", () => {
  let sendgrid: FakeSendGrid;
  const config: ComposeConfig = {
    baseUrl: "https://app.replyloop.example",
    signingSecret: process.env.ANSWER_SIGNING_SECRET ?? "",
    fromAddress: "hello@replyloop.example",
    unsubscribeMailto: null,
  };
  beforeAll(async () => {
    sendgrid = await startFakeSendGrid();
  });
  afterAll(() => sendgrid.close());

  it("sends every email exactly once", async () => {
    const sender = createEmailSender({
      db,
      // A short client timeout (network time, not product time): the stand-in never answers a stalled request.
      transport: createSendGridTransport({ apiKey: sendgrid.apiKey, baseUrl: sendgrid.url, timeoutMs: 300 }),
      clock,
      config,
      sleep: async () => {},
    });
    const EMAILS = 20;
    const emails = Array.from({ length: EMAILS }, (_, i) =>
      outgoingFor("post_purchase_survey", {
        sendId: `outage-send-${i}`,
        to: { email: `buyer-${i}@example.com` },
      }),
    );
    sendgrid.failNext(503, { times: 15 });
    sendgrid.failNext(500, { times: 15 });
    sendgrid.stallNext(10);

    // The dispatch job's retries: each email is tried again, a minute of app time apart, until sent.
    const outcomes = new Map<string, SendOutcome>();
    for (let round = 0; round < 20 && outcomes.size < EMAILS; round++) {
      for (const email of emails) {
        if (outcomes.has(email.sendId)) continue;
        try {
          outcomes.set(email.sendId, await sender.send(email));
        } catch (error) {
          if (!(error instanceof TransientSendError)) throw error;
        }
      }
      clock.advance(MINUTE);
    }
    expect([...outcomes.values()].map((o) => o.status)).toEqual(emails.map(() => "sent"));
    expect(sendgrid.requests.some((r) => r.errors?.[0]?.startsWith("stalled"))).toBe(true);
    expect(sendgrid.requests.filter((r) => r.status >= 500).length).toBe(30);

    // Exactly one accepted request per email, by our message id.
    const accepted = sendgrid
      .accepted()
      .map(
        (r) => ({ ...r.mail.custom_args, ...r.mail.personalizations[0]?.custom_args })[CUSTOM_ARG_MESSAGE],
      );
    const messages = await db.message.findMany({ where: { sendId: { in: emails.map((e) => e.sendId) } } });
    expect(messages.every((m) => m.status === "sent")).toBe(true);
    expect(accepted.sort()).toEqual(messages.map((m) => m.id).sort());
  }, 60_000);
});
