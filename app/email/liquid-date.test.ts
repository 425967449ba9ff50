import { Liquid } from "liquidjs";
import { describe, expect, it } from "vitest";
import { layoutText } from "./liquid";
import { fastDate } from "./liquid-date";

// liquidjs's own filter, configured like ours (UTC), as the reference.
const reference = new Liquid({ timezoneOffset: 0 });
const FORMATS = [
  "%B %-d",
  "%B %-d, %Y",
  "%Y-%m-%d %H:%M:%S",
  "%a %b %e %y, %I:%M %p",
  "%A %-m/%-d %-H:%M %P",
  "day %j",
  "100%%",
  "%b %d",
];
const DATES = [
  "2026-12-01T00:00:00Z",
  "2027-02-28T23:59:59.999Z",
  "2026-07-04T12:30:00+02:00",
  "2026-01-09T05:05:05-05:00",
];

describe("the date filter", () => {
  it.each(DATES.flatMap((d) => FORMATS.map((f) => [d, f] as const)))(
    "%s | date: %s is what liquidjs prints",
    async (date, format) => {
      const expected = String(await reference.parseAndRender(`{{ d | date: f }}`, { d: date, f: format }));
      expect(fastDate(date, format)).toBe(expected);
      expect(await layoutText.parseAndRender(`{{ d | date: f }}`, { d: date, f: format })).toBe(expected);
    },
  );

  it("leaves anything else to liquidjs", async () => {
    for (const [value, format] of [
      ["now", "%Y"],
      ["1790000000", "%Y"],
      ["2026-12-01", "%B"],
      ["2026-12-01T00:00:00Z", "%Z"],
      ["2026-12-01T00:00:00Z", "%"],
    ]) {
      expect(fastDate(value, format)).toBeUndefined();
    }
    expect(await layoutText.parseAndRender(`{{ 0 | date: "%Y" }}`, {})).toBe("1970");
  });
});
