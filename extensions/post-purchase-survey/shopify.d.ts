// The `shopify` global each module sees. `shopify app dev` (re)generates this file in this form.
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/ThankYouSurvey.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/OrderStatusSurvey.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
