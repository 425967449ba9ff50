// Telling the merchant how an action went. Inside the Shopify admin App Bridge shows a toast; when
// App Bridge is absent (its script blocked, tests, the offline sandbox) `window.shopify` is
// undefined and `useAppBridge()` would throw, so the same message is shown as a Polaris banner.
import { useEffect, useState } from "react";
import { Banner } from "@shopify/polaris";
import type { ShopifyGlobal } from "@shopify/app-bridge-types";

export type ActionFeedback = { ok: boolean; message: string };

/** The App Bridge global when the App Bridge script has loaded, else null (always null on the server). */
export function appBridge(): ShopifyGlobal | null {
  if (typeof window === "undefined" || !("shopify" in window)) return null;
  return (window as { shopify?: ShopifyGlobal }).shopify ?? null;
}

/**
 * Shows each new feedback once: as an App Bridge toast where available. Returns whether a banner
 * is needed instead (false on the server and until hydration shows there is no App Bridge).
 */
/** The last toast shown by this page: a page that remounts must not show the same news twice. */
const lastToast = { message: "", at: 0 };
const TOAST_MS = 3000;

function showOnce(bridge: ShopifyGlobal, message: string, isError: boolean) {
  const now = Date.now(); // UI timing of a toast on screen, not product time
  if (lastToast.message === message && now - lastToast.at < TOAST_MS) return;
  lastToast.message = message;
  lastToast.at = now;
  bridge.toast.show(message, { isError });
}

export function useFeedbackToast(feedback: ActionFeedback | null | undefined): boolean {
  const [noBridge, setNoBridge] = useState(false);
  const message = feedback?.message;
  const ok = feedback?.ok;
  // Keyed on the message itself: pages rebuild the feedback object on every render, and a toast
  // per render would show the same news twice.
  useEffect(() => {
    const bridge = appBridge();
    setNoBridge(bridge === null);
    if (message && bridge?.toast) showOnce(bridge, message, ok === false);
  }, [message, ok]);
  return noBridge;
}

/** The action's outcome: a toast inside the admin, else a dismissible banner. Errors always get a banner too. */
export function FeedbackBanner({ feedback }: { feedback: ActionFeedback | null | undefined }) {
  const needsBanner = useFeedbackToast(feedback);
  const [dismissed, setDismissed] = useState<ActionFeedback | null>(null);
  if (!feedback?.message || dismissed === feedback) return null;
  if (feedback.ok && !needsBanner) return null;
  return (
    <Banner tone={feedback.ok ? "success" : "critical"} onDismiss={() => setDismissed(feedback)}>
      <p role={feedback.ok ? "status" : "alert"}>{feedback.message}</p>
    </Banner>
  );
}
