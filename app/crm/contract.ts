// The HubSpot property contract: every property Replyloop writes and, for enumerations, every value
// it may write — derived from the questions a shop's campaigns ask now (built-in questions
// included), so a choice the merchant saves is an option of its property before any answer uses
// it. Options are only ever added or relabelled here: a value an older email can still write keeps
// its place. Pure.
import type { FollowUp, Question } from "../campaigns/questions";
import {
  BASE_PROPERTIES,
  isBuiltInQuestion,
  questionOptions,
  questionProperty,
  questionPropertyName,
  type PropertyDefinition,
  type PropertyOption,
} from "./properties";

const flatten = (questions: readonly Question[]): (Question | FollowUp)[] =>
  questions.flatMap((q) => [q, ...(q.followUps ?? []).map((f) => f.question)]);

/** `options` with `added` merged in: a known value takes the new label, a new one goes last. */
function mergeOptions(
  options: readonly PropertyOption[],
  added: readonly { value: string; label: string }[],
): PropertyOption[] {
  const merged = options.map((o) => ({ ...o }));
  for (const option of added) {
    const known = merged.find((o) => o.value === option.value);
    if (known) known.label = option.label;
    else merged.push({ ...option, displayOrder: 0, hidden: false });
  }
  return merged.map((o, i) => ({ ...o, displayOrder: i + 1 }));
}

/**
 * The properties a shop needs, from every version of every question its campaigns ask (later
 * versions relabel earlier ones). A question whose type changed takes its latest type.
 */
export function propertyContract(questions: readonly Question[]): PropertyDefinition[] {
  const byName = new Map(BASE_PROPERTIES.map((p) => [p.name, { ...p }]));
  for (const question of flatten(questions)) {
    const name = questionPropertyName(question.key);
    const current = byName.get(name);
    if (isBuiltInQuestion(question.key)) {
      // Built-in questions write to a fixed property; its type is the contract's, its options grow.
      if (current?.type === "enumeration")
        byName.set(name, {
          ...current,
          options: mergeOptions(current.options ?? [], questionOptions(question)),
        });
      continue;
    }
    const wanted = questionProperty(question);
    if (!wanted) continue;
    byName.set(
      name,
      wanted.type === "enumeration" && current?.type === "enumeration"
        ? { ...wanted, options: mergeOptions(current.options ?? [], questionOptions(question)) }
        : wanted,
    );
  }
  return [...byName.values()];
}

/** The union of several shops' contracts (shops sharing one HubSpot portal). */
export function unionContracts(contracts: readonly PropertyDefinition[][]): PropertyDefinition[] {
  const byName = new Map<string, PropertyDefinition>();
  for (const definition of contracts.flat()) {
    const current = byName.get(definition.name);
    byName.set(
      definition.name,
      current?.type === "enumeration" && definition.type === "enumeration"
        ? { ...definition, options: mergeOptions(current.options ?? [], definition.options ?? []) }
        : definition,
    );
  }
  return [...byName.values()];
}

/** Whether the contract can write `value` to `property` (the property exists and takes that value). */
export function contractHolds(contract: readonly PropertyDefinition[], property: string, value: string) {
  const definition = contract.find((p) => p.name === property);
  if (!definition) return false;
  switch (definition.type) {
    case "enumeration":
    case "bool":
      return (definition.options ?? []).some((o) => o.value === value);
    case "number":
      return value !== "" && Number.isFinite(Number(value));
    case "datetime":
      return !Number.isNaN(Date.parse(value));
    case "string":
      return true;
  }
}
