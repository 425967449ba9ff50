import { describe, expect, it } from "vitest";
import { BASE_PROPERTIES } from "../properties";
import { planProperties } from "./provisioning-plan";

const existingFrom = (defs: typeof BASE_PROPERTIES) =>
  defs.map((d) => ({ name: d.name, type: d.type, groupName: d.groupName, options: d.options }));

describe("planProperties", () => {
  it("creates everything on an empty portal", () => {
    expect(planProperties(BASE_PROPERTIES, []).map((a) => a.kind)).toEqual(
      BASE_PROPERTIES.map(() => "create"),
    );
  });

  it("keeps what already exists unchanged (idempotent)", () => {
    const plan = planProperties(BASE_PROPERTIES, existingFrom(BASE_PROPERTIES));
    expect(plan.every((a) => a.kind === "keep")).toBe(true);
  });

  it("updates a changed option list, hiding retired options instead of deleting them", () => {
    const tier = BASE_PROPERTIES.find((p) => p.name === "replyloop_vip_tier")!;
    const existing = [
      {
        name: tier.name,
        type: "enumeration",
        options: [
          { label: "None", value: "none" },
          { label: "Bronze", value: "bronze" },
          { label: "Gold", value: "gold" },
        ],
      },
    ];
    const [action] = planProperties([tier], existing);
    expect(action).toEqual({
      kind: "update_options",
      name: "replyloop_vip_tier",
      options: [...tier.options!, { label: "Bronze", value: "bronze", displayOrder: 4, hidden: true }],
    });
    // Once updated, the same list is kept.
    if (action?.kind !== "update_options") throw new Error("expected an update");
    expect(
      planProperties([tier], [{ name: tier.name, type: "enumeration", options: action.options }]),
    ).toEqual([{ kind: "keep", name: tier.name }]);
  });

  it("reports a relabelled option as a change", () => {
    const tier = BASE_PROPERTIES.find((p) => p.name === "replyloop_vip_tier")!;
    const relabelled = tier.options!.map((o) => (o.value === "gold" ? { ...o, label: "Golden" } : o));
    expect(
      planProperties([tier], [{ name: tier.name, type: "enumeration", options: relabelled }])[0]?.kind,
    ).toBe("update_options");
  });

  it("does not touch a same-named property of another type", () => {
    const nps = BASE_PROPERTIES.find((p) => p.name === "replyloop_last_nps_score")!;
    expect(planProperties([nps], [{ name: nps.name, type: "string" }])).toEqual([
      { kind: "type_mismatch", name: nps.name, existingType: "string", wantedType: "number" },
    ]);
  });
});
