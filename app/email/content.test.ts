import { describe, expect, it } from "vitest";
import { checkTexts, renderTexts } from "./content";
import { TEMPLATES } from "./templates/defaults";

const scope = { shop: { name: "Ben & Jerry's" }, customer: { first_name: "<script>alert(1)</script>" } };

describe("merchant texts", () => {
  it("escapes literal text and every output in HTML, and neither in text", () => {
    const texts = { ...TEMPLATES.abandoned_cart_1.texts, heading: "Tom & Co <3 {{ customer.first_name }}" };
    const result = renderTexts(texts, scope);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.texts.html.heading).toBe("Tom &amp; Co &lt;3 &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(result.texts.text.heading).toBe("Tom & Co <3 <script>alert(1)</script>");
  });

  it("turns blank lines into paragraphs", () => {
    const result = renderTexts({ ...TEMPLATES.vip_welcome.texts, body: "One\ntwo\n\nThree" }, scope);
    expect(result.ok && result.texts.html.body).toBe("<p>One<br>two</p>\n<p>Three</p>");
  });

  it("keeps `raw` from letting markup through", () => {
    const result = renderTexts(
      { ...TEMPLATES.vip_welcome.texts, heading: "{{ customer.first_name | raw }}" },
      scope,
    );
    expect(result.ok && result.texts.html.heading).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("reports a Liquid error with its field, line and column", () => {
    const problems = checkTexts(
      { subject: "Hi", body: "Line one\nLine two {{ customer.first_name | shout }}" },
      scope,
    );
    expect(problems).toEqual([{ field: "body", line: 2, column: 10, message: "undefined filter: shout" }]);
  });

  it("refuses tags that would read files", () => {
    for (const tag of ["{% include 'x' %}", "{% render 'x' %}", "{% layout 'x' %}"]) {
      const [problem] = checkTexts({ heading: tag }, scope);
      expect(problem?.field).toBe("heading");
      expect(problem?.message).toContain("not available");
    }
  });

  it("reports an unclosed tag and a render-time failure", () => {
    expect(checkTexts({ body: "a\n\n{% if customer %}" }, scope)[0]).toMatchObject({
      field: "body",
      line: 3,
    });
    const [tooBig] = checkTexts({ body: "{% for i in (1..100000000) %}{{ i }}{% endfor %}" }, scope);
    expect(tooBig?.field).toBe("body");
    expect(tooBig?.message).toContain("limit");
  });

  it("Liquid comparisons with < and > still work (escaping comes after rendering)", () => {
    const result = renderTexts(
      { ...TEMPLATES.vip_welcome.texts, heading: `{% if 2 > 1 %}<b>{{ "a" | append: '<' }}</b>{% endif %}` },
      scope,
    );
    expect(result.ok && result.texts.html.heading).toBe("&lt;b&gt;a&lt;&lt;/b&gt;");
  });
});
