import { describe, expect, it } from "vitest";
import {
  automationFlags,
  confirmDecision,
  conflictingClicks,
  HOLD_WINDOW_MS,
  isHumanGesture,
  MIN_VISIBLE_MS,
  SOON_AFTER_DELIVERY_MS,
  timingFlags,
} from "./scanner";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

describe("automationFlags", () => {
  it("a browser GET is clean", () => {
    expect(automationFlags({ method: "GET", userAgent: CHROME, purpose: null })).toEqual([]);
  });
  it.each([
    ["HEAD", { method: "HEAD", userAgent: CHROME, purpose: null }, "head"],
    ["Sec-Purpose: prefetch", { method: "GET", userAgent: CHROME, purpose: "prefetch" }, "prefetch"],
    [
      "Sec-Purpose: prefetch;prerender",
      { method: "GET", userAgent: CHROME, purpose: "prefetch;prerender" },
      "prefetch",
    ],
    [
      "headless Chrome",
      { method: "GET", userAgent: CHROME.replace("Chrome/", "HeadlessChrome/"), purpose: null },
      "bot_user_agent",
    ],
    ["curl", { method: "GET", userAgent: "curl/8.5.0", purpose: null }, "bot_user_agent"],
    ["no user agent", { method: "GET", userAgent: null, purpose: null }, "bot_user_agent"],
    [
      "Barracuda (generic Mozilla agent)",
      { method: "GET", userAgent: "Mozilla/5.0 (compatible; Barracuda Sentinel (EE))", purpose: null },
      "bot_user_agent",
    ],
    [
      "Outlook's link fetcher",
      {
        method: "GET",
        userAgent: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.4266; Pro)",
        purpose: null,
      },
      "bot_user_agent",
    ],
    [
      "a link preview bot",
      {
        method: "GET",
        userAgent: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        purpose: null,
      },
      "bot_user_agent",
    ],
  ])("%s is flagged", (_, signals, flag) => {
    expect(automationFlags(signals)).toContain(flag);
  });
});

describe("timingFlags", () => {
  const delivered = new Date("2026-03-01T12:00:00Z");
  const link = { questionKey: "nps", value: "9" };
  it("flags a click seconds after delivery, not one later", () => {
    expect(
      timingFlags({
        at: new Date(delivered.getTime() + 3000),
        deliveredAt: delivered,
        link,
        otherClicks: [],
      }),
    ).toEqual(["soon_after_delivery"]);
    expect(
      timingFlags({
        at: new Date(delivered.getTime() + SOON_AFTER_DELIVERY_MS + 1),
        deliveredAt: delivered,
        link,
        otherClicks: [],
      }),
    ).toEqual([]);
  });
  it("flags another link of the email opened within 2 s, not the same link again", () => {
    const at = new Date("2026-03-01T13:00:00Z");
    const near = new Date(at.getTime() - 1500);
    expect(
      timingFlags({
        at,
        deliveredAt: null,
        link,
        otherClicks: [{ questionKey: "nps", value: "8", at: near }],
      }),
    ).toEqual(["burst"]);
    expect(timingFlags({ at, deliveredAt: null, link, otherClicks: [{ ...link, at: near }] })).toEqual([]);
    expect(
      timingFlags({
        at,
        deliveredAt: null,
        link,
        otherClicks: [{ questionKey: "nps", value: "8", at: new Date(at.getTime() - 2500) }],
      }),
    ).toEqual([]);
  });
});

describe("confirmDecision", () => {
  it("the page's script confirms a clean click after the visible time, held (decision 0010)", () => {
    expect(
      confirmDecision({ mode: "auto", requestFlags: [], clickFlags: [], elapsedMs: MIN_VISIBLE_MS }),
    ).toEqual({ ok: true, hold: true });
    expect(
      confirmDecision({ mode: "auto", requestFlags: [], clickFlags: [], elapsedMs: MIN_VISIBLE_MS - 1 }),
    ).toEqual({ ok: false, reason: "too_soon" });
  });
  it("the script never confirms a flagged click; the button does", () => {
    expect(
      confirmDecision({ mode: "auto", requestFlags: [], clickFlags: ["burst"], elapsedMs: 10_000 }),
    ).toEqual({ ok: false, reason: "flagged" });
    expect(
      confirmDecision({ mode: "button", requestFlags: [], clickFlags: ["burst"], elapsedMs: 100 }),
    ).toEqual({ ok: true });
  });
  it("an automated request never confirms", () => {
    expect(
      confirmDecision({
        mode: "button",
        requestFlags: ["bot_user_agent"],
        clickFlags: [],
        elapsedMs: 10_000,
      }),
    ).toEqual({ ok: false, reason: "automated" });
  });
});

describe("isHumanGesture", () => {
  const signals = (fetchMode: string | null, fetchUser: string | null) => ({
    method: "POST",
    userAgent: CHROME,
    purpose: null,
    fetchMode,
    fetchUser,
  });
  it("the button pressed by a person (Sec-Fetch-User: ?1, or a browser without fetch metadata)", () => {
    expect(isHumanGesture("button", signals("navigate", "?1"))).toBe(true);
    expect(isHumanGesture("button", signals(null, null))).toBe(true);
  });
  it("not the page's own script, nor a form a script submitted as if it were the button", () => {
    expect(isHumanGesture("auto", signals("navigate", "?1"))).toBe(false);
    expect(isHumanGesture("button", signals("navigate", null))).toBe(false);
  });
});

describe("conflictingClicks", () => {
  const at = new Date("2026-01-05T10:00:00Z");
  const held = { questionKey: "cart", value: "price", at };
  const click = (value: string, offsetMs: number, flags: string[] = [], questionKey = "cart") => ({
    questionKey,
    value,
    at: new Date(at.getTime() + offsetMs),
    flags,
  });
  it("another choice of the same question within the hold window, before or after, by a browser", () => {
    const others = [
      click("shipping", 30_000),
      click("other", -HOLD_WINDOW_MS),
      click("x", 10_000, ["burst"]),
    ];
    expect(conflictingClicks(held, others)).toEqual(others);
  });
  it("not: the same choice, another question, outside the window, or an announced scanner's sweep", () => {
    expect(
      conflictingClicks(held, [
        click("price", 5_000),
        click("yes", 5_000, [], "gift_wrap"),
        click("shipping", HOLD_WINDOW_MS + 1),
        click("shipping", 5_000, ["bot_user_agent"]),
        click("other", 5_000, ["head"]),
      ]),
    ).toEqual([]);
  });
});
