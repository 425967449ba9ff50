import { describe, expect, it } from "vitest";
import { isTimeZone, readSettingsForm } from "./settings-form";

const valid = {
  senderName: " Acme ",
  replyTo: "help@acme.test",
  logoUrl: "",
  color: "#112233",
  abandonedCartSoftOptIn: "on",
  frequencyCapHours: "24",
  quietHoursEnabled: "on",
  quietStart: "22:00",
  quietEnd: "07:30",
  timezone: "Europe/Paris",
  answerLinkExpiryDays: "30",
};

describe("settings form", () => {
  it("reads a valid form into settings and a time zone", () => {
    const result = readSettingsForm(valid);
    expect(result).toEqual({
      ok: true,
      timezone: "Europe/Paris",
      settings: {
        senderName: "Acme",
        replyTo: "help@acme.test",
        brand: { color: "#112233" },
        consent: { abandonedCartSoftOptIn: true },
        frequencyCap: { hours: 24, surveysExempt: false },
        quietHours: { enabled: true, start: "22:00", end: "07:30" },
        answerLinkExpiryDays: 30,
      },
    });
  });

  it("keys every problem by its field", () => {
    const result = readSettingsForm({
      ...valid,
      replyTo: "nope",
      color: "red",
      frequencyCapHours: "",
      quietEnd: "25:00",
      timezone: "Mars/Olympus",
      logoUrl: "javascript:alert(1)",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      "brand.color",
      "brand.logoUrl",
      "frequencyCap.hours",
      "quietHours.end",
      "replyTo",
      "timezone",
    ]);
    expect(result.errors["frequencyCap.hours"]).toBe("Enter a number.");
  });

  it("knows IANA time zones", () => {
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
