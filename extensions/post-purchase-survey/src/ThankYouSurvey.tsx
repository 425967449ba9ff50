// purchase.thank-you.block.render: the survey right after paying, for the order just placed.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { appUrl } from "./app-url";
import { Survey } from "./Survey";

export default async function extension() {
  render(
    <Survey
      context={{
        surface: "thank_you",
        orderId: shopify.orderConfirmation.value.order.id,
        locale: shopify.localization.language.value.isoCode,
        appUrl: appUrl(),
        token: () => shopify.sessionToken.get(),
      }}
    />,
    document.body,
  );
}
