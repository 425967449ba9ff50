import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/helpers/fixtures";
import { hubspotEventSchema } from "./events";
import { effectOf } from "./webhook-effects";

const events = (file: string) =>
  fixture<unknown[]>(`hubspot/${file}`).map((e) => hubspotEventSchema.parse(e));
const tierChange = (overrides: Record<string, unknown>) =>
  hubspotEventSchema.parse({
    ...fixture<Record<string, unknown>[]>("hubspot/contact.propertyChange.json")[0],
    propertyName: "replyloop_vip_tier",
    ...overrides,
  });

describe("effectOf", () => {
  it("a rep setting replyloop_vip_tier sets the tier, at the time it happened", () => {
    expect(effectOf(tierChange({ propertyValue: "gold" }))).toEqual({
      kind: "set_tier",
      tier: "gold",
      at: new Date(1735689600000),
    });
    expect(effectOf(tierChange({ propertyValue: "" }))).toMatchObject({ kind: "set_tier", tier: "none" });
  });

  it("our own write coming back is an echo and changes nothing", () => {
    const [, echo] = events("contact.propertyChange.json");
    expect(effectOf({ ...echo!, propertyName: "replyloop_vip_tier" })).toEqual({
      kind: "none",
      why: "echo of our own write",
    });
    // Another integration's change is not an echo.
    expect(
      effectOf(tierChange({ changeSource: "INTEGRATION", sourceId: "999", propertyValue: "silver" })),
    ).toMatchObject({ kind: "set_tier" });
  });

  it("ignores other properties and unknown tiers", () => {
    const [rep] = events("contact.propertyChange.json");
    expect(effectOf(rep!)).toMatchObject({ kind: "none" }); // the sample's vip_tier is not our property
    expect(effectOf(tierChange({ propertyValue: "platinum" }))).toMatchObject({ kind: "none" });
  });

  it("deletion and privacy deletion erase the contact", () => {
    expect(events("contact.privacyDeletion.json").map(effectOf)).toEqual([
      { kind: "erase_contact" },
      { kind: "erase_contact" },
    ]);
    expect(events("contact.deletion.json").map(effectOf)).toEqual([{ kind: "erase_contact" }]);
  });
});
