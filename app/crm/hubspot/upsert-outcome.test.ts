import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/helpers/fixtures";
import { batchUpsertResponseSchema } from "./api-schemas";
import { inputOutcomes } from "./upsert-outcome";

const parse = (file: string) => batchUpsertResponseSchema.parse(fixture(`hubspot/api/${file}`));

describe("inputOutcomes on HubSpot's real responses", () => {
  it("200: the input is written, with its contact id", () => {
    const outcomes = inputOutcomes(
      [{ traceId: "shop123:cust987:survey42", email: "jane@example.com" }],
      parse("batch-upsert-contacts.response-200.json"),
    );
    expect(outcomes.get("shop123:cust987:survey42")).toEqual({ kind: "written", hubspotId: "512" });
  });

  it("207: the failing input gets its validation error and the offending property", () => {
    const outcomes = inputOutcomes(
      [
        { traceId: "shop123:cust987:survey42", email: "jane@example.com" },
        { traceId: "other", email: "joe@example.com" },
      ],
      parse("batch-upsert-contacts.response-207.json"),
    );
    expect(outcomes.get("shop123:cust987:survey42")).toMatchObject({
      kind: "invalid",
      invalidProperties: ["vip_tier"],
    });
    expect(outcomes.get("other")).toEqual({ kind: "unknown" });
  });

  it("matches results by email when HubSpot does not echo the trace id", () => {
    const response = batchUpsertResponseSchema.parse({
      status: "COMPLETE",
      results: [{ id: "7", properties: { email: "Joe@Example.com" } }],
    });
    expect(inputOutcomes([{ traceId: "t1", email: "joe@example.com" }], response).get("t1")).toEqual({
      kind: "written",
      hubspotId: "7",
    });
  });
});
