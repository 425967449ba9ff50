// Issue 5, templates: every default email, rendered with the Shopify sample data, is what a
// merchant would send — valid MJML, an AMP part that passes the structural check, every answer in
// both parts, the shop's brand, cart or order, discount, call to action and footer.
import { describe, expect, it } from "vitest";
import { answerValues, labelOf } from "../app/campaigns/questions";
import { verifyToken } from "../app/answers/tokens";
import { checkAmpEmail } from "../app/email/amp/check";
import { compileSources, layoutSources } from "../app/email/compile.server";
import { composeEmail, type ComposeConfig } from "../app/email/compose";
import { ampEndpoint } from "../app/email/links";
import { TEMPLATE_KEYS, type OutgoingEmail } from "../app/email/outgoing";
import { TEMPLATES } from "../app/email/templates/defaults";
import { layoutSpec } from "../app/email/templates/layout-spec";
import { escapeHtml } from "../app/email/templates/escape";
import { outgoingFor, PRODUCT_IMAGE } from "./helpers/email";

const config: ComposeConfig = {
  baseUrl: "https://app.replyloop.example",
  signingSecret: process.env.ANSWER_SIGNING_SECRET ?? "",
  fromAddress: "hello@replyloop.example",
  unsubscribeMailto: "unsubscribe@replyloop.example",
};
const shop = { senderName: "", replyTo: "help@demo-store.example", answerLinkExpiryDays: 90 };
const now = new Date("2026-11-20T10:00:00Z");

async function compose(email: OutgoingEmail) {
  const result = await composeEmail(email, { messageId: "msg_templates" }, now, shop, config);
  if (!result.ok) throw new Error(result.reason);
  return result.message;
}

/** Answer link URLs in the HTML part, as a mail client shows them (entities decoded). */
function answerLinks(html: string) {
  return [...html.matchAll(/href="(https:\/\/app\.replyloop\.example\/a\/[^"]+)"/g)].map((m) =>
    (m[1] ?? "").replace(/&amp;/g, "&"),
  );
}

describe.each(TEMPLATE_KEYS)("default template %s with the Shopify sample data", (template) => {
  const email = outgoingFor(template);

  it("compiles with no MJML error", async () => {
    const result = await compileSources(layoutSources(layoutSpec(email, ampEndpoint(config.baseUrl))));
    expect(result.ok ? "compiled" : result.problem).toBe("compiled");
  });

  it("renders an AMP part that passes the structural check (none when the email asks nothing)", async () => {
    const m = await compose(email);
    if (email.questions.length === 0) {
      expect(m.amp).toBeNull();
      return;
    }
    expect(m.amp).not.toBeNull();
    expect(checkAmpEmail(m.amp ?? "")).toEqual({ ok: true, errors: [] });
    expect(m.amp).toContain(`action-xhr="${config.baseUrl}/amp/answer"`);
  });

  it("offers every answer choice in both parts, each HTML link signed for its question and value", async () => {
    const m = await compose(email);
    const links = answerLinks(m.html);
    for (const question of email.questions) {
      const values = answerValues(question);
      for (const value of values) {
        expect(m.html).toContain(escapeHtml(labelOf(question, value)));
        expect(m.amp).toContain(`name="value" value="${value}"`);
        expect(m.amp).toContain(escapeHtml(labelOf(question, value)));
        expect(m.text).toContain(labelOf(question, value));
      }
      const signed = links
        .map((url) => verifyToken(config.signingSecret, url.split("/a/")[1] ?? "", "answer", now))
        .flatMap((r) => (r.ok && r.claims.questionKey === question.key ? [r.claims.value] : []));
      expect(signed.sort()).toEqual([...values].sort());
    }
  });

  it("looks like the shop's email: name, logo, colour, call to action, address", async () => {
    const m = await compose(email);
    const { shop: s } = email.data;
    for (const part of m.amp === null ? [m.html] : [m.html, m.amp]) {
      expect(part).toContain(s.logo_url ?? "");
      expect(part).toContain(s.brand_color);
      expect(part).toContain(escapeHtml(s.address ?? ""));
    }
    expect(m.text).toContain(s.name);
    expect(m.html).not.toMatch(/\{\{|\{%|rlq[0-9a-f]{8}n\d+x/); // no Liquid or placeholder left
    expect(m.headers.From).toBe(`"${s.name}" <${config.fromAddress}>`);
    expect(m.headers["Reply-To"]).toBe(shop.replyTo);
    expect(m.subject.length).toBeGreaterThan(5);
  });

  it("lists the cart or order with images and prices, the discount code, and the link back", async () => {
    const m = await compose(email);
    const d = email.data;
    const source = TEMPLATES[template].items;
    const items = source ? (d[source]?.line_items ?? []) : [];
    // The VIP, welcome and win-back emails list no items.
    if (source) expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(m.html).toContain(escapeHtml(item.title));
      expect(m.html).toContain(item.price);
      expect(m.text).toContain(item.price);
    }
    if (items.length) {
      expect(m.html).toContain(`src="${PRODUCT_IMAGE}"`);
      expect(m.amp).toContain(`<amp-img src="${PRODUCT_IMAGE}"`);
      expect(m.html).toContain(source ? d[source]?.total_price : "missing");
    }
    if (d.discount) {
      for (const part of [m.html, m.amp ?? "", m.text]) expect(part).toContain(d.discount.code);
    }
    if (d.checkout) expect(m.html).toContain(escapeHtml(d.checkout.abandoned_checkout_url));
    expect(m.html).toContain(`Hi ${d.customer.first_name},`);
  });

  it("marketing email: unsubscribe link and RFC 8058 headers; survey: none", async () => {
    const m = await compose(email);
    if (email.marketing) {
      const url = /<(https:\/\/app\.replyloop\.example\/u\/[^>]+)>/.exec(
        m.headers["List-Unsubscribe"] ?? "",
      )?.[1];
      expect(url).toBeDefined();
      expect(m.headers["List-Unsubscribe"]).toContain(
        "<mailto:unsubscribe@replyloop.example?subject=unsubscribe>",
      );
      expect(m.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(m.html).toContain(`href="${url}"`);
      expect(m.text).toContain(`Unsubscribe: ${url}`);
    } else {
      expect(m.headers["List-Unsubscribe"]).toBeUndefined();
      expect(m.html).not.toContain("Unsubscribe");
    }
  });
});

describe("merchant overrides", () => {
  it("uses the step's texts and the shop's brand", async () => {
    const email = outgoingFor("abandoned_cart_1", {
      content: {
        subject: "{{ customer.first_name }}, your cart misses you",
        heading: "Forgot something?",
        buttonLabel: "Take me back",
      },
    });
    email.data.shop = { ...email.data.shop, brand_color: "#aa2200", logo_url: null };
    const m = await compose(email);
    expect(m.subject).toBe("John, your cart misses you");
    expect(m.html).toContain("Forgot something?");
    expect(m.html).toContain("Take me back");
    expect(m.html).toContain("#aa2200");
    expect(m.html).not.toContain("logo.png");
    expect(m.html).toContain(">Demo Store</a>"); // the name stands in for a logo
  });

  it("never lets customer data become markup", async () => {
    const email = outgoingFor("abandoned_cart_1");
    email.data.customer.first_name = '<img src=x onerror="alert(1)">';
    const m = await compose(email);
    expect(m.html).not.toContain("<img src=x");
    expect(m.html).toContain("Hi &lt;img src=x onerror=&quot;alert(1)&quot;&gt;,");
    expect(checkAmpEmail(m.amp ?? "").ok).toBe(true);
  });

  it("a template error is reported with the field and line, and nothing is rendered", async () => {
    const email = outgoingFor("vip_welcome", {
      content: { body: "Hello!\n\nYour perk: {{ vip.tier_label | sparkle }}" },
    });
    const result = await composeEmail(email, { messageId: "m" }, now, shop, config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("Template error: Body, line 3, column 12: undefined filter: sparkle");
  });
});
