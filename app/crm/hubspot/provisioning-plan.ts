// What provisioning has to do, decided from what HubSpot already has. Pure, so idempotency is
// testable: a property that exists is left alone unless its option list changed; options we no
// longer offer are hidden rather than removed, so values already on contacts stay valid.
import type { PropertyDefinition, PropertyOption } from "../properties";
import type { ExistingProperty } from "./api-schemas";

export type PropertyAction =
  | { kind: "create"; definition: PropertyDefinition }
  | { kind: "update_options"; name: string; options: (PropertyOption | HiddenOption)[] }
  | { kind: "keep"; name: string }
  | { kind: "type_mismatch"; name: string; existingType: string; wantedType: string };

type HiddenOption = { label: string; value: string; displayOrder: number; hidden: true };

export function planProperties(
  desired: readonly PropertyDefinition[],
  existing: readonly ExistingProperty[],
): PropertyAction[] {
  const byName = new Map(existing.map((p) => [p.name, p]));
  return desired.map((definition): PropertyAction => {
    const current = byName.get(definition.name);
    if (!current) return { kind: "create", definition };
    if (current.type !== definition.type)
      return {
        kind: "type_mismatch",
        name: definition.name,
        existingType: current.type,
        wantedType: definition.type,
      };
    if (!definition.options) return { kind: "keep", name: definition.name };
    const currentOptions = current.options ?? [];
    const wanted = definition.options;
    const same =
      wanted.every((o) =>
        currentOptions.some((c) => c.value === o.value && c.label === o.label && !c.hidden),
      ) && currentOptions.every((c) => c.hidden || wanted.some((o) => o.value === c.value));
    if (same) return { kind: "keep", name: definition.name };
    const retired: HiddenOption[] = currentOptions
      .filter((c) => !wanted.some((o) => o.value === c.value))
      .map((c, i) => ({ label: c.label, value: c.value, displayOrder: wanted.length + i + 1, hidden: true }));
    return { kind: "update_options", name: definition.name, options: [...wanted, ...retired] };
  });
}
