import { describe, expect, it } from "vitest";
import { propertyErrorsIn } from "./api-schemas";
import { groupRefusals, refusalCode } from "./refusals";

describe("refused values", () => {
  it("reads HubSpot's per-property errors out of a validation message", () => {
    const message =
      'Property values were not valid: [{"isValid":false,"message":"too_slow was not one of the allowed options: [price, other]","error":"INVALID_OPTION","name":"replyloop_cart_abandon_reason","localizedErrorMessage":"…"},{"isValid":false,"message":"Property \\"x\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"x"}]';
    expect(propertyErrorsIn(message)).toEqual([
      {
        name: "replyloop_cart_abandon_reason",
        error: "INVALID_OPTION",
        message: "too_slow was not one of the allowed options: [price, other]",
      },
      { name: "x", error: "PROPERTY_DOESNT_EXIST", message: 'Property "x" does not exist' },
    ]);
    expect(propertyErrorsIn("Something else entirely")).toEqual([]);
  });

  it("groups refused writes by property, value and reason, and says what to do per HubSpot error", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const later = new Date("2026-01-02T00:00:00Z");
    const option = "INVALID_OPTION: gone was not one of the allowed options: [price]";
    const grouped = groupRefusals([
      { property: "p", value: "gone", error: option, at },
      { property: "p", value: "gone", error: option, at: later },
      { property: "n", value: "x", error: "INVALID_LONG: x was not a valid long.", at },
    ]);
    expect(grouped).toEqual([
      expect.objectContaining({
        property: "p",
        value: "gone",
        code: "INVALID_OPTION",
        count: 2,
        lastAt: later.toISOString(),
      }),
      expect.objectContaining({ property: "n", code: "INVALID_LONG", count: 1 }),
    ]);
    expect(grouped[0]?.advice).toContain("add the option “gone” to the property in HubSpot");
    expect(grouped[1]?.advice).toContain("another type");
    expect(refusalCode("VALIDATION_ERROR: Property values were not valid")).toBeNull();
  });
});
