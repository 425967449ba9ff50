// Issue 17: the production topology on one machine (scripts/topology/start.ts, `npm run topology`):
// one PostgreSQL, 2 web processes and 2 worker processes of the production build, the local
// stand-ins for Shopify Admin, HubSpot and SendGrid. Driven from outside, as Shopify, a merchant and
// customers would: the merchant installs and connects HubSpot, signed consent webhooks arrive at
// both web processes, the workers send each welcome email once through SendGrid, a customer answers
// on the other web process, and the answer is a property of the contact in HubSpot.
// The processes run on the real clock (nothing can move it from outside); this test waits on
// results, never on a fixed time. Skipped where the PostgreSQL server binaries are absent, unless CI=1.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBin } from "../scripts/topology/postgres";
import { startTopology, type Topology } from "../scripts/topology/start";
import { adminClient } from "./helpers/admin";
import { answerLinksOf } from "./helpers/answers";
import { fixture } from "./helpers/fixtures";
import { BROWSER_UA, signWebhook } from "./helpers/shopify";

const SHOP = "topology-store.myshopify.com";
const PORTAL = "5170";
const CUSTOMERS = 6;
const run = postgresBin() !== null || process.env.CI === "1";

/** A fixed-offset zone where it is around noon now, so the shop's quiet hours never hold the emails. */
function middayZone(now = new Date()) {
  const offset = 12 - now.getUTCHours(); // -11 … 12
  return offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let topology: Topology;
beforeAll(async () => {
  if (!run) return;
  // TOPOLOGY_LOG=1 prints every process's output.
  topology = await startTopology({ log: process.env.TOPOLOGY_LOG ? (line) => console.log(line) : undefined });
}, 180_000);
afterAll(async () => {
  await topology?.stop();
}, 60_000);

describe.skipIf(!run)("the production topology on one machine", () => {
  it("webhooks to both web processes → journeys → each email sent once by the workers → an answer in HubSpot", async () => {
    const { shopify, hubspot, sendgrid } = topology.fakes;
    const [web1, web2] = topology.webUrls as [string, string];
    const zone = middayZone();
    shopify.addShop({
      domain: SHOP,
      accessToken: "shpat_topology",
      name: "Topology Store",
      email: `owner@${SHOP}`,
      currencyCode: "USD",
      ianaTimezone: zone,
      address: ["1 Main Street", "Springfield"],
    });

    // The merchant opens the app (token exchange installs it), connects HubSpot, switches welcome on.
    const admin = adminClient(web1, SHOP);
    expect((await admin.page("/app")).status).toBe(200);
    const database = new pg.Client({ connectionString: topology.databaseUrl });
    await database.connect();
    try {
      await until("the shop synced from Shopify", async () => {
        const { rows } = await database.query<{ timezone: string }>(
          `SELECT timezone FROM "Shop" WHERE domain = $1`,
          [SHOP],
        );
        return rows[0]?.timezone === zone ? true : undefined;
      });
    } finally {
      await database.end();
    }
    const token = hubspot.addPortal(PORTAL);
    const connected = await admin.act("/app/hubspot", "routes/app.hubspot", {
      intent: "token",
      token,
      requestsPer10s: "110",
    });
    expect(((await connected.json()) as { ok: boolean }).ok).toBe(true);
    const enabled = await adminClient(web2, SHOP).act(
      "/app/campaigns/welcome",
      "routes/app.campaigns.$kind",
      { intent: "enable", enabled: "true" },
    );
    expect(enabled.status).toBe(200);

    // Shopify: customers subscribe; deliveries alternate between the two web processes.
    const emails = Array.from({ length: CUSTOMERS }, (_, i) => `topology-${i}@example.com`);
    const statuses = await Promise.all(
      emails.map((email, i) => {
        const { headers, body } = signWebhook({
          topic: "customers_email_marketing_consent/update",
          shop: SHOP,
          body: {
            ...fixture("shopify/customers_email_marketing_consent_update.json"),
            customer_id: 7100 + i,
            email_address: email,
            email_marketing_consent: {
              state: "subscribed",
              opt_in_level: "single_opt_in",
              consent_updated_at: new Date().toISOString(),
            },
          },
        });
        const url = `${i % 2 === 0 ? web1 : web2}/webhooks/customers_email_marketing_consent/update`;
        return fetch(url, { method: "POST", headers, body }).then((res) => res.status);
      }),
    );
    expect(statuses).toEqual(emails.map(() => 200));

    // The workers sweep the due welcome emails and send each through SendGrid, once.
    const welcomes = () =>
      sendgrid
        .accepted()
        .filter((r) => r.mail.personalizations.some((p) => p.to.some((to) => emails.includes(to.email))));
    await until("every welcome email", () => (welcomes().length >= CUSTOMERS ? true : undefined));
    const recipients = welcomes().flatMap((r) =>
      r.mail.personalizations.flatMap((p) => p.to.map((t) => t.email)),
    );
    expect(recipients.sort()).toEqual([...emails].sort());

    // A customer answers "gifts" on the other web process (the button: a person's gesture).
    const first = welcomes().find((r) => r.mail.personalizations[0]?.to[0]?.email === emails[0]);
    const html = first?.mail.content?.find((c) => c.type === "text/html")?.value ?? "";
    expect(html).toContain("What are you shopping for?");
    const link = answerLinksOf(html).find((l) => {
      const token = l.split("/a/")[1]?.split(".")[0] ?? "";
      const claims = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown[];
      return claims[5] === "shopping_for" && claims[6] === "gifts";
    });
    if (!link) throw new Error("no 'gifts' link in the welcome email");
    const answerUrl = new URL(new URL(link).pathname, web2).toString();
    const page = await (await fetch(answerUrl, { headers: { "User-Agent": BROWSER_UA } })).text();
    const click = /name="click" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const confirmed = await fetch(answerUrl, {
      method: "POST",
      headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ click, mode: "button" }),
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Thank you!");

    // A worker's CRM flusher writes it to the contact.
    await until("the answer in HubSpot", () =>
      hubspot.contact(PORTAL, emails[0]!)?.properties.replyloop_q_shopping_for === "gifts" ? true : undefined,
    );
    // Nothing was sent twice in the meantime.
    expect(welcomes()).toHaveLength(CUSTOMERS);
  }, 180_000);
});
