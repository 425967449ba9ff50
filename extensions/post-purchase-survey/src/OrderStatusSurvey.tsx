// customer-account.order-status.block.render: the same survey on the order's status page, for buyers
// who come back later (or skipped it on the Thank-you page).
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { appUrl } from "./app-url";
import { Survey } from "./Survey";

export default async function extension() {
  render(
    <Survey
      context={{
        surface: "order_status",
        orderId: shopify.order.value?.id,
        locale: shopify.localization.language.value.isoCode,
        appUrl: appUrl(),
        token: () => shopify.sessionToken.get(),
      }}
    />,
    document.body,
  );
}
