import { describe, expect, it } from "vitest";
import { CAMPAIGN_KINDS } from "../campaigns/kinds";
import { checkCampaignSettings } from "../campaigns/validate.server";
import { shopSettingsSchema } from "../shops/settings";
import { readConfigFile, shopSettingsPartSchema } from "./config-file";
import { diffConfigs, labelOf } from "./diff";
import { PRESETS } from "./presets";

describe("configuration file", () => {
  it("covers every shop setting (a new setting must be exportable)", () => {
    expect(Object.keys(shopSettingsPartSchema.shape).sort()).toEqual(
      Object.keys(shopSettingsSchema.shape).sort(),
    );
  });

  it("reads every preset back, and every preset passes the campaign checks (Liquid included)", () => {
    for (const preset of PRESETS) {
      const read = readConfigFile(JSON.stringify(preset.file));
      expect(read.ok, preset.id).toBe(true);
      for (const kind of CAMPAIGN_KINDS) {
        const entry = preset.file.campaigns[kind];
        if (entry)
          expect(checkCampaignSettings(kind, entry.settings), `${preset.id} ${kind}`).toMatchObject({
            ok: true,
          });
      }
      expect(preset.file.shopSettings).not.toHaveProperty("senderName");
      expect(preset.file.shopSettings).not.toHaveProperty("brand");
    }
  });

  it("says what is wrong with a file that is not this version", () => {
    expect(
      readConfigFile(JSON.stringify({ format: "replyloop-configuration", version: "1.0", campaigns: {} })),
    ).toEqual({
      ok: false,
      problems: [
        "Unknown configuration version: this file has version 1.0, and this Replyloop reads version 1. Export it again from a store running this Replyloop.",
      ],
    });
    expect(
      readConfigFile(JSON.stringify({ format: "replyloop-configuration", campaigns: {} })),
    ).toMatchObject({ ok: false, problems: [expect.stringContaining("has no version")] });
  });
});

describe("configuration diff", () => {
  it("lists changed, added and removed leaves with readable labels", () => {
    const before = {
      campaigns: {
        vip: { enabled: false, settings: { questions: [{ key: "a", choices: [{ label: "x" }] }] } },
      },
    };
    const after = {
      campaigns: {
        vip: {
          enabled: true,
          settings: { questions: [{ key: "a", choices: [{ label: "y" }, { label: "z" }] }] },
        },
      },
    };
    expect(diffConfigs(before, after).map(({ label, before, after }) => [label, before, after])).toEqual([
      ["VIP › Enabled", "off", "on"],
      ["VIP › Question 1 › Choice 1 › Label", "x", "y"],
      ["VIP › Question 1 › Choice 2 › Label", "(not set)", "z"],
    ]);
    expect(diffConfigs(before, before)).toEqual([]);
    expect(labelOf("shopSettings.quietHours.start")).toBe("Settings › Quiet hours › Start");
    expect(labelOf("campaigns.abandoned_cart.settings.conditions.0.value")).toBe(
      "Abandoned cart › Condition 1 › Value",
    );
  });
});
