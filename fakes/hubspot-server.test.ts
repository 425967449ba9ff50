// The fake accepts HubSpot's documented request shapes (the fixtures, as they are) and answers
// with HubSpot's shapes and limits.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixture, fixtureText } from "../test/helpers/fixtures";
import { startFakeHubSpot, TEN_SECONDLY_429, type FakeHubSpot } from "./hubspot-server";

let fake: FakeHubSpot;
let token: string;
beforeEach(async () => {
  fake = await startFakeHubSpot({ rateLimit: 5 });
  token = fake.addPortal("62515", { rateLimit: 5 });
});
afterEach(() => fake.stop());

const call = (method: string, path: string, body?: string, auth = token) =>
  fetch(`${fake.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json" },
    body,
  });

describe("fake HubSpot", () => {
  it("accepts the fixture requests: property group, property batch, contact upsert (200, then 409 when existing)", async () => {
    const group = fixtureText("hubspot/api/property-group-create.request.json");
    expect((await call("POST", "/crm/v3/properties/contacts/groups", group)).status).toBe(201);
    expect((await call("POST", "/crm/v3/properties/contacts/groups", group)).status).toBe(409);
    expect(
      (
        await call(
          "POST",
          "/crm/v3/properties/contacts/batch/create",
          fixtureText("hubspot/api/properties-batch-create.request.json"),
        )
      ).status,
    ).toBe(201);
    const upsert = await call(
      "POST",
      "/crm/v3/objects/contacts/batch/upsert",
      fixtureText("hubspot/api/batch-upsert-contacts.request.json"),
    );
    expect(upsert.status).toBe(200);
    const expected = fixture<{
      results: { objectWriteTraceId: string; properties: Record<string, string> }[];
    }>("hubspot/api/batch-upsert-contacts.response-200.json");
    const body = (await upsert.json()) as typeof expected;
    expect(body.results[0]).toMatchObject({
      objectWriteTraceId: expected.results[0]!.objectWriteTraceId,
      properties: { email: "jane@example.com", vip_tier: "gold" },
    });
    expect(fake.contact("62515", "jane@example.com")?.properties).toMatchObject({
      vip_tier: "gold",
      last_survey_nps: "9",
    });
  });

  it("answers an invalid option with a 207 shaped like HubSpot's", async () => {
    await call(
      "POST",
      "/crm/v3/properties/contacts/groups",
      fixtureText("hubspot/api/property-group-create.request.json"),
    );
    await call(
      "POST",
      "/crm/v3/properties/contacts/batch/create",
      fixtureText("hubspot/api/properties-batch-create.request.json"),
    );
    const request = fixture<{ inputs: { properties: Record<string, string> }[] }>(
      "hubspot/api/batch-upsert-contacts.request.json",
    );
    request.inputs[0]!.properties.vip_tier = "platinum";
    const res = await call("POST", "/crm/v3/objects/contacts/batch/upsert", JSON.stringify(request));
    expect(res.status).toBe(207);
    const shape = fixture<Record<string, unknown>>("hubspot/api/batch-upsert-contacts.response-207.json");
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(Object.keys(body).sort()).toEqual(Object.keys(shape).sort());
    expect(body.errors[0]?.message).toContain('"name":"vip_tier"');
  });

  it("refuses unknown properties, unknown options and wrong types per input, in HubSpot's words; writes the valid inputs", async () => {
    await call(
      "POST",
      "/crm/v3/properties/contacts/groups",
      fixtureText("hubspot/api/property-group-create.request.json"),
    );
    await call(
      "POST",
      "/crm/v3/properties/contacts/batch/create",
      fixtureText("hubspot/api/properties-batch-create.request.json"),
    );
    const input = (id: string, trace: string, properties: Record<string, string>) => ({
      id,
      idProperty: "email",
      objectWriteTraceId: trace,
      properties,
    });
    const res = await call(
      "POST",
      "/crm/v3/objects/contacts/batch/upsert",
      JSON.stringify({
        inputs: [
          input("ok@example.com", "t-ok", { vip_tier: "silver", last_survey_nps: "7" }),
          input("bad@example.com", "t-bad", {
            vip_tier: "platinum",
            last_survey_nps: "nine",
            last_survey_answered_at: "yesterday",
            no_such_property: "x",
            campaign_engaged: "maybe",
          }),
        ],
      }),
    );
    expect(res.status).toBe(207);
    const body = (await res.json()) as {
      results: { objectWriteTraceId: string }[];
      numErrors: number;
      errors: { category: string; message: string; context: Record<string, string[]> }[];
    };
    expect(body.results.map((r) => r.objectWriteTraceId)).toEqual(["t-ok"]);
    expect(body.numErrors).toBe(1);
    expect(body.errors[0]).toMatchObject({
      status: "error",
      category: "VALIDATION_ERROR",
      context: { objectWriteTraceId: ["t-bad"] },
      errors: [],
      links: {},
    });
    const message = body.errors[0]!.message;
    expect(message.startsWith("Property values were not valid: [")).toBe(true);
    const problems = JSON.parse(message.slice(message.indexOf("["))) as Record<string, unknown>[];
    const byName = Object.fromEntries(problems.map((p) => [String(p.name), p]));
    expect(byName.vip_tier).toEqual({
      isValid: false,
      message: "platinum was not one of the allowed options: [bronze, silver, gold]",
      error: "INVALID_OPTION",
      name: "vip_tier",
      localizedErrorMessage: "platinum was not one of the allowed options: [bronze, silver, gold]",
    });
    expect(byName.last_survey_nps).toMatchObject({
      error: "INVALID_LONG",
      message: "nine was not a valid long.",
    });
    expect(byName.last_survey_answered_at).toMatchObject({ error: "INVALID_LONG" });
    expect(byName.no_such_property).toMatchObject({
      error: "PROPERTY_DOESNT_EXIST",
      message: 'Property "no_such_property" does not exist',
    });
    expect(byName.campaign_engaged).toMatchObject({ error: "INVALID_OPTION" });
    expect(fake.contact("62515", "ok@example.com")?.properties.vip_tier).toBe("silver");
    expect(fake.contact("62515", "bad@example.com")).toBeUndefined();
  });

  it("without objectWriteTraceIds there is no multi-status: one invalid input fails the whole batch (400), nothing is written", async () => {
    await call(
      "POST",
      "/crm/v3/properties/contacts/groups",
      fixtureText("hubspot/api/property-group-create.request.json"),
    );
    await call(
      "POST",
      "/crm/v3/properties/contacts/batch/create",
      fixtureText("hubspot/api/properties-batch-create.request.json"),
    );
    const res = await call(
      "POST",
      "/crm/v3/objects/contacts/batch/upsert",
      JSON.stringify({
        inputs: [
          { id: "ok@example.com", idProperty: "email", properties: { vip_tier: "gold" } },
          { id: "bad@example.com", idProperty: "email", properties: { vip_tier: "platinum" } },
        ],
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      status: "error",
      category: "VALIDATION_ERROR",
      message: expect.stringContaining('"error":"INVALID_OPTION"') as string,
    });
    expect(fake.contact("62515", "ok@example.com")).toBeUndefined();
  });

  it("refuses more than 100 inputs, a missing token, and the 6th request in 10 s (HubSpot's 429 body)", async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({
      id: `c${i}@example.com`,
      idProperty: "email",
      properties: {},
    }));
    expect(
      (await call("POST", "/crm/v3/objects/contacts/batch/upsert", JSON.stringify({ inputs }))).status,
    ).toBe(400);
    expect((await call("GET", "/account-info/v3/details", undefined, "nope")).status).toBe(401);
    for (let i = 0; i < 4; i++) expect((await call("GET", "/account-info/v3/details")).status).toBe(200);
    const limited = await call("GET", "/account-info/v3/details");
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual(TEN_SECONDLY_429);
    expect(TEN_SECONDLY_429).toEqual(fixture("hubspot/api/error-429-ten-secondly.json"));
  });

  it("exchanges an authorization code and refreshes tokens", async () => {
    const code = fake.authorizationCode("777");
    const form = (params: Record<string, string>) =>
      fetch(`${fake.url}/oauth/2026-03/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: "local-hubspot-client-id",
          client_secret: "local-hubspot-client-secret",
          ...params,
        }),
      });
    const exchanged = (await (
      await form({ grant_type: "authorization_code", code, redirect_uri: "https://x" })
    ).json()) as Record<string, unknown>;
    expect(exchanged).toMatchObject({ token_type: "bearer", expires_in: 1800 });
    // A used code is refused the 2026-03 way (RFC 6749 error, v1 fields beside it).
    const reused = await form({ grant_type: "authorization_code", code, redirect_uri: "https://x" });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant", status: "BAD_AUTH_CODE" });
    // The token's portal, as the app learns it.
    expect(
      await (await call("GET", "/account-info/v3/details", undefined, String(exchanged.access_token))).json(),
    ).toMatchObject({ portalId: 777 });
    const refreshed = (await (
      await form({ grant_type: "refresh_token", refresh_token: String(exchanged.refresh_token) })
    ).json()) as Record<string, unknown>;
    expect(refreshed.access_token).not.toBe(exchanged.access_token);
    expect(
      (await call("GET", "/account-info/v3/details", undefined, String(refreshed.access_token))).status,
    ).toBe(200);
  });
});
