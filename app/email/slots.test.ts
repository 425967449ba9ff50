import { describe, expect, it } from "vitest";
import { DEFAULT_QUESTIONS, type Question } from "../campaigns/questions";
import { compileTemplate } from "./compile.server";
import { layoutHtml, layoutText } from "./liquid";
import { recipientLinks } from "./links";
import { TEMPLATE_KEYS, type TemplateKey } from "./outgoing";
import { dataScope } from "./render";
import { sampleData } from "./sample-data";
import { renderSlots, slotTemplate } from "./slots";
import { layoutSpec } from "./templates/layout-spec";

const QUESTIONS: Record<TemplateKey, Question[]> = {
  abandoned_cart_1: [DEFAULT_QUESTIONS.cart_abandon_reason],
  abandoned_cart_2: [DEFAULT_QUESTIONS.cart_abandon_reason],
  post_purchase_survey: [DEFAULT_QUESTIONS.nps],
  vip_welcome: [DEFAULT_QUESTIONS.vip_perk],
  welcome_1: [DEFAULT_QUESTIONS.shopping_for],
  welcome_2: [],
  winback: [DEFAULT_QUESTIONS.winback_reason],
};

describe("slot templates", () => {
  it("take plain outputs, raw and date; leave everything else to liquidjs", () => {
    expect(slotTemplate(`a {{ x }} b {{ y.z["k"] | raw }} c {{ d | date: "%B %-d" }}`)).toEqual({
      statics: ["a ", " b ", " c ", ""],
      slots: [
        { path: ["x"], raw: false, dateFormat: null },
        { path: ["y", "z", "k"], raw: true, dateFormat: null },
        { path: ["d"], raw: false, dateFormat: "%B %-d" },
      ],
    });
    for (const source of [
      "{% if x %}{% endif %}",
      "{{ x | upcase }}",
      "{{ x | raw | date: 'y' }}",
      "{{ 'lit' }}",
      "{{- x }}",
      "{{ x[0] }}",
      "{{ x | default: 'y' }}",
    ]) {
      expect(slotTemplate(source), source).toBeNull();
    }
  });

  it("render like liquidjs, escaping included, and hand over values they do not handle", async () => {
    const source = `<a href="{{ u }}">{{ n }}</a>{{ h | raw }}{{ missing.deep }}{{ num }}{{ yes }}{{ d | date: "%B %-d, %Y" }}`;
    const scope = {
      u: `https://x.example/?a=1&b="2"`,
      n: "Tom & 'Jerry' <3",
      h: "<b>bold</b>",
      num: 10.5,
      yes: true,
      d: "2026-12-01T00:00:00Z",
    };
    const slots = slotTemplate(source);
    if (!slots) throw new Error("expected slots");
    for (const [engine, escape] of [
      [layoutHtml, true],
      [layoutText, false],
    ] as const) {
      expect(renderSlots(slots, scope, escape)).toBe(await engine.parseAndRender(source, scope));
    }
    expect(renderSlots(slots, { ...scope, n: ["an", "array"] }, true)).toBeUndefined();
    expect(renderSlots(slots, { ...scope, d: 1790000000 }, true)).toBeUndefined();
    expect(
      renderSlots(
        slotTemplate("{{ a.b }}") ?? { statics: [], slots: [] },
        { a: Object.create({ b: "inherited" }) as object },
        true,
      ),
    ).toBe("");
  });

  it.each(TEMPLATE_KEYS)(
    "every part of the default %s template renders the same both ways",
    async (template) => {
      const data = sampleData(template, {
        address: `Rue "Haute" 1 & 2, <Bruxelles>`,
        logo_url: "https://cdn.example/logo.png",
      });
      data.customer.first_name = `O'Brien & <Sons>`;
      const spec = layoutSpec(
        { template, data, questions: QUESTIONS[template], marketing: true },
        "https://app.example/amp/answer",
      );
      const compiled = await compileTemplate(spec);
      if (!compiled.ok) throw new Error("compile failed");
      const links = recipientLinks({
        secret: "s".repeat(40),
        baseUrl: "https://app.example",
        shop: "x.myshopify.com",
        messageId: "m1",
        email: "a@b.example",
        questions: QUESTIONS[template],
        expiresAt: new Date("2027-01-01T00:00:00Z"),
        marketing: true,
      });
      const scope = {
        ...dataScope(data),
        rl: {
          subject: "S & s",
          content: { heading: "H", body: "<p>B</p>", preheader: "P", button_label: "Go" },
          text: { heading: "H", body: "B", preheader: "P", button_label: "Go" },
          answer_rows: { x: "<a>r</a>" },
          answer_lines: { x: "l" },
          item_rows: "<tr></tr>",
          item_rows_amp: "<tr></tr>",
          item_lines: "- i",
          amp_tokens: links.ampTokens,
          unsubscribe_url: links.unsubscribeUrl,
        },
      };
      for (const [part, engine, escape] of [
        ["html", layoutHtml, true],
        ["amp", layoutHtml, true],
        ["text", layoutText, false],
      ] as const) {
        const { slots, liquid } = compiled.template[part];
        expect(slots, `${part} has slots`).not.toBeNull();
        if (!slots) continue;
        expect(renderSlots(slots, scope, escape)).toBe(String(engine.renderSync(liquid, scope)));
      }
    },
  );
});
