// What a buyer sees and does with the block, read from the DOM the extension renders into.
import { expect, vi } from "vitest";
import type { AppApi } from "./app-api";

const text = (element: Element | null | undefined) => element?.textContent?.trim() ?? "";

/** The heading of the question on screen. */
export const heading = () => text(document.body.querySelector<Element>("s-heading"));

/** The labels of the buttons on screen, in order. */
export const buttons = () => [...document.body.querySelectorAll<Element>("s-button")].map(text);

/** All the text on screen. */
export const shown = () => text(document.body);

/** Clicks the button labelled `label` (fails if there is none, or it is disabled). */
export function click(label: string) {
  const button = [...document.body.querySelectorAll<Element>("s-button")].find((b) => text(b) === label);
  if (!button) throw new Error(`no button "${label}" among ${JSON.stringify(buttons())}`);
  if (button.hasAttribute("disabled") || Reflect.get(button, "disabled") === true)
    throw new Error(`button "${label}" is disabled`);
  button.dispatchEvent(new Event("click", { bubbles: true }));
}

export async function waitForRequests(api: AppApi, count: number) {
  await vi.waitFor(() => expect(api.requests.length).toBeGreaterThanOrEqual(count));
}
