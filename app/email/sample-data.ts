// Sample data for previews and for checking a merchant's texts: a customer, a cart, an order, a
// discount, a tier and an answer, shaped exactly like what the campaign engine hands over.
import type { TemplateData, TemplateKey } from "./outgoing";

const items = [
  { title: "Organic cotton tee", variant_title: "Sand / M", quantity: 2, price: "$58.00", image_url: null },
  { title: "Canvas tote bag", variant_title: null, quantity: 1, price: "$24.00", image_url: null },
];

export function sampleData(template: TemplateKey, shop?: Partial<TemplateData["shop"]>): TemplateData {
  const data: TemplateData = {
    shop: {
      name: "Your store",
      domain: "your-store.myshopify.com",
      brand_color: "#2c6ecb",
      url: "https://your-store.myshopify.com",
      address: "1 Main Street, Springfield",
      ...shop,
    },
    customer: { email: "jane@example.com", first_name: "Jane", last_name: "Doe" },
  };
  if (template === "abandoned_cart_1" || template === "abandoned_cart_2") {
    data.checkout = {
      token: "sample",
      abandoned_checkout_url: `${data.shop.url}/checkouts/sample`,
      line_items: items,
      total_price: "$82.00",
    };
  }
  if (template === "abandoned_cart_2") {
    data.discount = {
      code: "WELCOME-BACK-10",
      percent: 10,
      expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    };
  }
  if (template === "post_purchase_survey")
    data.order = { id: "1001", name: "#1001", line_items: items, total_price: "$82.00" };
  if (template === "vip_welcome") data.vip = { tier: "gold", tier_label: "Gold" };
  if (template === "winback") {
    data.customer.last_order_at = new Date(Date.now() - 120 * 86_400_000).toISOString();
    data.discount = {
      code: "WELCOME-BACK-15",
      percent: 15,
      expires_at: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    };
  }
  // The sample customer has answered the welcome question (previews pass the campaign's own answers).
  if (template === "welcome_2") {
    data.answers = { shopping_for: "gifts" };
    data.answer_labels = { shopping_for: "Gifts" };
  }
  return data;
}
