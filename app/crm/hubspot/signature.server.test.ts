import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir } from "../../../scripts/fixtures";
import { hubspotSignedUri, verifyHubSpotV3 } from "./signature.server";

const fixtures = path.join(fixturesDir, "hubspot");
const vectors = JSON.parse(fs.readFileSync(path.join(fixtures, "signature-test-vectors.json"), "utf8")) as {
  clientSecret: string;
  v3: { method: string; uri: string; timestamp: string; bodyFile: string; expectedBase64: string };
};
const body = fs.readFileSync(path.join(fixtures, vectors.v3.bodyFile), "utf8");
const base = {
  method: vectors.v3.method,
  publicUrl: vectors.v3.uri,
  rawBody: body,
  signature: vectors.v3.expectedBase64,
  timestamp: vectors.v3.timestamp,
  clientSecret: vectors.clientSecret,
  now: Number(vectors.v3.timestamp) + 1000,
};

describe("HubSpot v3 signatures", () => {
  it("accepts HubSpot's test vector", () => {
    expect(verifyHubSpotV3(base)).toEqual({ ok: true });
  });

  it("rejects a signature over another body", () => {
    expect(verifyHubSpotV3({ ...base, rawBody: body.replace("gold", "silver") })).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("rejects a timestamp more than 5 minutes off, either way", () => {
    expect(verifyHubSpotV3({ ...base, now: Number(base.timestamp) + 6 * 60_000 })).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifyHubSpotV3({ ...base, now: Number(base.timestamp) - 6 * 60_000 })).toEqual({
      ok: false,
      reason: "stale",
    });
  });

  it("rejects missing headers and another secret", () => {
    expect(verifyHubSpotV3({ ...base, signature: null })).toEqual({ ok: false, reason: "missing" });
    expect(verifyHubSpotV3({ ...base, timestamp: "yesterday" })).toEqual({ ok: false, reason: "missing" });
    expect(verifyHubSpotV3({ ...base, clientSecret: "other" })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("signs the URI with HubSpot's decoded characters", () => {
    expect(hubspotSignedUri("https://a.example/x%3Ay%2Fz?q=%40me%20there")).toBe(
      "https://a.example/x:y/z?q=@me%20there",
    );
  });
});
