import { describe, expect, it } from "vitest";
import { DEFAULT_QUESTIONS } from "../campaigns/questions";
import { compileMjml, compileStats, compileTemplate, shieldLiquid } from "./compile.server";
import { layoutSpec } from "./templates/layout-spec";
import { sampleData } from "./sample-data";

describe("shieldLiquid", () => {
  it("hides every tag from MJML and puts it back", () => {
    const source = `<a href="{{ url }}">{% if x %}{{ label }}{% endif %}</a>`;
    const shielded = shieldLiquid(source);
    expect(shielded.text).not.toMatch(/[{}%]/);
    expect(shielded.restore(shielded.text)).toEqual({ html: source, missing: 0 });
    expect(shielded.restore("nothing")).toMatchObject({ missing: 4 });
  });
});

describe("compileMjml", () => {
  it("keeps Liquid in attributes and table rows", async () => {
    const result = await compileMjml(`<mjml><mj-body><mj-section><mj-column>
<mj-button href="{{ checkout.abandoned_checkout_url }}">{{ label }}</mj-button>
<mj-table>{% for item in items %}<tr><td>{{ item.title }}</td></tr>{% endfor %}</mj-table>
</mj-column></mj-section></mj-body></mjml>`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const tag of [
      'href="{{ checkout.abandoned_checkout_url }}"',
      "{{ label }}",
      "{% for item in items %}<tr><td>{{ item.title }}</td></tr>{% endfor %}",
    ]) {
      expect(result.html).toContain(tag);
    }
  });

  it("reports MJML errors with their line instead of compiling a broken email", async () => {
    const result = await compileMjml(
      `<mjml><mj-body>\n<mj-section>\n<mj-column><mj-button href="x" colour="red">x</mj-button></mj-column></mj-section></mj-body></mjml>`,
    );
    expect(result).toMatchObject({ ok: false, problem: { part: "html", line: 3 } });
  });
});

describe("compileTemplate", () => {
  it("compiles a template version once and serves it from the cache after", async () => {
    const spec = layoutSpec(
      {
        template: "post_purchase_survey",
        data: sampleData("post_purchase_survey", { brand_color: "#123456" }),
        questions: [DEFAULT_QUESTIONS.nps],
        marketing: false,
      },
      "https://app.example/amp/answer",
    );
    const before = compileStats();
    const [a, b] = await Promise.all([compileTemplate(spec), compileTemplate(spec)]);
    await compileTemplate({ ...spec });
    const after = compileStats();
    expect(after.compiles - before.compiles).toBe(1);
    expect(after.hits - before.hits).toBe(2);
    expect(a.ok && b.ok && a.template.version === b.template.version).toBe(true);

    // Another brand colour is another version.
    await compileTemplate({ ...spec, brand: { ...spec.brand, color: "#654321" } });
    expect(compileStats().compiles - after.compiles).toBe(1);
  });
});
