// The simulated Shopify store: what a shop's customers and Shopify itself would do, turned into
// correctly signed webhooks (Shopify's HMAC, HubSpot's v3 signature) sent to the app's real
// routes, with the Shopify samples as payloads. Keeps the store's side of the data in the local
// Admin API (customers, purchasing summaries, tags) and in the local HubSpot (a rep's edits).
import { createHmac, randomUUID } from "node:crypto";
import { readFixture } from "../scripts/fixtures.ts";
import type { FakeHubSpot } from "../fakes/hubspot-server";
import type { FakeShopifyAdmin } from "../fakes/shopify-admin-server";
import type { FakeTwilio } from "../fakes/twilio-server";
import { DEMO_CUSTOMERS, DEMO_SHOP, DEMO_TWILIO, NEW_SUBSCRIBERS, PRODUCTS, type Product } from "./catalog";

const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFixture(`shopify/${name}`)) as Record<string, unknown>;

export type StoreConfig = {
  appUrl: string;
  /** Where the simulated storefront serves "resume checkout" pages. */
  storefrontUrl: string;
  shopifySecret: string;
  hubspotSecret: string;
  hubspotAppId: number;
  portalId: string;
  admin: FakeShopifyAdmin;
  hubspot: FakeHubSpot;
  twilio: FakeTwilio;
};

export type StoreCheckout = {
  token: string;
  customerId: string;
  items: { productId: string; quantity: number }[];
  createdAt: string;
  completed: boolean;
};
export type StoreOrder = {
  id: string;
  name: string;
  customerId: string;
  checkoutToken: string | null;
  total: string;
  createdAt: string;
  fulfilled: boolean;
};
export type StoreSubscriber = { id: string; firstName: string; lastName: string; email: string };
export type StoreState = {
  checkouts: StoreCheckout[];
  orders: StoreOrder[];
  nextOrderNumber: number;
  hubspotEventId: number;
  /** Customers who signed up in the sandbox (absent in state saved before there were any). */
  subscribers?: StoreSubscriber[];
};

export const emptyStoreState = (): StoreState => ({
  checkouts: [],
  orders: [],
  nextOrderNumber: 1001,
  hubspotEventId: 50_000,
  subscribers: [],
});

/** A customer's name as the store knows it (the demo's customers and those who signed up here). */
export function nameOf(state: StoreState, id: string) {
  return (
    DEMO_CUSTOMERS.find((d) => d.id === id) ?? (state.subscribers ?? []).find((s) => s.id === id) ?? null
  );
}

export class SimulatedStore {
  constructor(
    private readonly config: StoreConfig,
    readonly state: StoreState,
  ) {}

  /** The storefront (control server) URL, known once it listens. */
  setStorefront(url: string) {
    this.config.storefrontUrl = url;
  }

  private customer(id: string) {
    const customer = this.config.admin
      .shopByDomain(DEMO_SHOP.domain)
      ?.customers.get(`gid://shopify/Customer/${id}`);
    if (!customer) throw new StoreError(`No customer ${id} in the store`);
    return customer;
  }

  private customerRef(id: string) {
    const c = this.customer(id);
    const known = nameOf(this.state, id);
    return {
      id: Number(id),
      email: c.email,
      first_name: known?.firstName ?? null,
      last_name: known?.lastName ?? null,
      state: "enabled",
      verified_email: true,
    };
  }

  /** Sends one webhook to the app, signed with the app's API secret. */
  async webhook(topic: string, payload: unknown): Promise<number> {
    const body = JSON.stringify(payload);
    const res = await fetch(`${this.config.appUrl}/webhooks/${topic.replace(".", "/")}`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Hmac-Sha256": createHmac("sha256", this.config.shopifySecret)
          .update(body, "utf8")
          .digest("base64"),
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": DEMO_SHOP.domain,
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
    });
    if (res.status !== 200)
      throw new StoreError(`The app answered ${res.status} to ${topic}: ${await res.text()}`);
    return res.status;
  }

  private lineItems(items: StoreCheckout["items"]) {
    return items.map(({ productId, quantity }) => {
      const product: Product = PRODUCTS.find((p) => p.id === productId) ?? PRODUCTS[0]!;
      return {
        key: randomUUID().replaceAll("-", ""),
        product_id: Number(product.id),
        variant_id: Number(product.variantId),
        title: product.title,
        variant_title: product.variant,
        presentment_title: product.title,
        quantity,
        price: product.price,
        line_price: (Number(product.price) * quantity).toFixed(2),
        requires_shipping: true,
        taxable: true,
        vendor: DEMO_SHOP.name,
      };
    });
  }

  private total(items: StoreCheckout["items"]) {
    return items
      .reduce(
        (sum, { productId, quantity }) =>
          sum + Number(PRODUCTS.find((p) => p.id === productId)?.price ?? 0) * quantity,
        0,
      )
      .toFixed(2);
  }

  /** A customer fills a cart, enters their email at checkout and leaves. */
  async abandonCheckout(customerId: string, items: StoreCheckout["items"]) {
    if (items.length === 0) throw new StoreError("Pick at least one product");
    const customer = this.customer(customerId);
    const token = randomUUID().replaceAll("-", "");
    const now = new Date().toISOString();
    const total = this.total(items);
    await this.webhook("checkouts/create", {
      ...sample("checkouts_create.json"),
      token,
      cart_token: randomUUID().replaceAll("-", ""),
      email: customer.email,
      created_at: now,
      updated_at: now,
      completed_at: null,
      buyer_accepts_marketing: false,
      currency: DEMO_SHOP.currency,
      presentment_currency: DEMO_SHOP.currency,
      abandoned_checkout_url: `${this.config.storefrontUrl}/checkouts/${token}/recover`,
      line_items: this.lineItems(items),
      total_line_items_price: total,
      subtotal_price: total,
      total_price: total,
      total_tax: "0.00",
      customer: this.customerRef(customerId),
    });
    this.state.checkouts.push({ token, customerId, items, createdAt: now, completed: false });
    return { token };
  }

  /** A customer places an order, from an abandoned checkout or directly; paid at once. */
  async placeOrder(
    customerId: string,
    input: { checkoutToken?: string | null; items?: StoreCheckout["items"] },
  ) {
    const checkout = input.checkoutToken
      ? this.state.checkouts.find((c) => c.token === input.checkoutToken)
      : undefined;
    if (input.checkoutToken && !checkout) throw new StoreError(`No checkout ${input.checkoutToken}`);
    const items = checkout?.items ?? input.items ?? [{ productId: PRODUCTS[0]!.id, quantity: 1 }];
    const customer = this.customer(customerId);
    const number = this.state.nextOrderNumber++;
    const id = String(5_000_000 + number);
    const total = this.total(items);
    const now = new Date().toISOString();
    const order = {
      ...sample("orders_create.json"),
      id: Number(id),
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      name: `#${number}`,
      order_number: number,
      number,
      email: customer.email,
      contact_email: customer.email,
      checkout_token: checkout?.token ?? null,
      cancelled_at: null,
      cancel_reason: null,
      created_at: now,
      processed_at: now,
      updated_at: now,
      currency: DEMO_SHOP.currency,
      presentment_currency: DEMO_SHOP.currency,
      financial_status: "paid",
      fulfillment_status: null,
      buyer_accepts_marketing: customer.marketingState === "SUBSCRIBED",
      line_items: this.lineItems(items),
      total_price: total,
      subtotal_price: total,
      current_total_price: total,
      total_discounts: "0.00",
      test: false,
      customer: this.customerRef(customerId),
    };
    await this.webhook("orders/create", order);
    await this.webhook("orders/paid", order);
    if (checkout) {
      checkout.completed = true;
      await this.webhook("checkouts/update", {
        ...sample("checkouts_update.json"),
        token: checkout.token,
        email: customer.email,
        completed_at: now,
        line_items: this.lineItems(items),
        customer: this.customerRef(customerId),
      });
    }
    customer.numberOfOrders += 1;
    customer.amountSpent = (Number(customer.amountSpent) + Number(total)).toFixed(2);
    await this.purchasingSummary(customerId, `gid://shopify/Order/${id}`);
    this.state.orders.push({
      id,
      name: `#${number}`,
      customerId,
      checkoutToken: checkout?.token ?? null,
      total,
      createdAt: now,
      fulfilled: false,
    });
    return { orderId: id, name: `#${number}`, total };
  }

  /** The merchant ships the order. */
  async fulfilOrder(orderId: string) {
    const order = this.state.orders.find((o) => o.id === orderId);
    if (!order) throw new StoreError(`No order ${orderId}`);
    const customer = this.customer(order.customerId);
    const checkout = order.checkoutToken
      ? this.state.checkouts.find((c) => c.token === order.checkoutToken)
      : undefined;
    await this.webhook("orders/fulfilled", {
      ...sample("orders_fulfilled.json"),
      id: Number(order.id),
      name: order.name,
      email: customer.email,
      contact_email: customer.email,
      checkout_token: order.checkoutToken,
      cancelled_at: null,
      financial_status: "paid",
      fulfillment_status: "fulfilled",
      buyer_accepts_marketing: customer.marketingState === "SUBSCRIBED",
      currency: DEMO_SHOP.currency,
      total_price: order.total,
      line_items: this.lineItems(checkout?.items ?? [{ productId: PRODUCTS[0]!.id, quantity: 1 }]),
      customer: this.customerRef(order.customerId),
    });
    order.fulfilled = true;
  }

  /** Shopify's purchasing summary for the customer, as after an order. */
  async purchasingSummary(customerId: string, lastOrderId: string | null = null) {
    const customer = this.customer(customerId);
    await this.webhook("customers/purchasing_summary", {
      ...sample("customers_purchasing_summary.json"),
      customerId: customer.id,
      numberOfOrders: customer.numberOfOrders,
      amountSpent: { amount: customer.amountSpent, currencyCode: customer.currencyCode },
      lastOrderId,
      occurredAt: new Date().toISOString(),
    });
  }

  /** The customer's spend crosses a VIP threshold (as if from orders we don't show). */
  async setSpend(customerId: string, amount: string) {
    const customer = this.customer(customerId);
    customer.amountSpent = Number(amount).toFixed(2);
    customer.numberOfOrders = Math.max(customer.numberOfOrders, 1);
    await this.purchasingSummary(customerId);
  }

  /** The customer changes their email marketing consent (account page, checkout box, unsubscribe). */
  async setConsent(customerId: string, state: "subscribed" | "not_subscribed" | "unsubscribed") {
    const customer = this.customer(customerId);
    customer.marketingState = state.toUpperCase();
    await this.webhook("customers_email_marketing_consent/update", {
      ...sample("customers_email_marketing_consent_update.json"),
      customer_id: Number(customerId),
      email_address: customer.email,
      email_marketing_consent: {
        state,
        opt_in_level: "single_opt_in",
        consent_updated_at: new Date().toISOString(),
      },
    });
  }

  /**
   * Someone new signs up for the store's newsletter: Shopify creates the customer (customers/create,
   * which carries no consent since 2025-01), then reports the subscription on the consent topic.
   */
  async newSubscriber() {
    const subscribers = (this.state.subscribers ??= []);
    const name = NEW_SUBSCRIBERS[subscribers.length % NEW_SUBSCRIBERS.length]!;
    const n = subscribers.length + 1;
    const id = String(7100 + n);
    const email = `${name.firstName
      .normalize("NFD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase()}.${name.lastName.toLowerCase()}${n > NEW_SUBSCRIBERS.length ? n : ""}@example.com`;
    const shop = this.config.admin.shopByDomain(DEMO_SHOP.domain);
    if (!shop) throw new StoreError("The demo store is not in the local Admin API");
    shop.customers.set(`gid://shopify/Customer/${id}`, {
      id: `gid://shopify/Customer/${id}`,
      email,
      numberOfOrders: 0,
      amountSpent: "0.00",
      currencyCode: DEMO_SHOP.currency,
      tags: [],
      marketingState: "NOT_SUBSCRIBED",
    });
    subscribers.push({ id, email, ...name });
    const now = new Date().toISOString();
    await this.webhook("customers/create", {
      ...sample("customers_create.json"),
      id: Number(id),
      admin_graphql_api_id: `gid://shopify/Customer/${id}`,
      email,
      first_name: name.firstName,
      last_name: name.lastName,
      created_at: now,
      updated_at: now,
      default_address: null,
      addresses: [],
    });
    await this.setConsent(id, "subscribed");
    return { id, email, name: `${name.firstName} ${name.lastName}` };
  }

  /** The customer changes SMS marketing consent in the store; Shopify tells the app (its own topic). */
  async setSmsConsent(customerId: string, state: "subscribed" | "unsubscribed") {
    const customer = this.customer(customerId);
    customer.smsMarketingState = state.toUpperCase();
    await this.webhook("customers_marketing_consent/update", {
      id: Number(customerId),
      phone: customer.phone ?? null,
      sms_marketing_consent: {
        state,
        opt_in_level: "single_opt_in",
        // Shopify's sample leaves it null; the app then takes the time it received the change.
        consent_updated_at: null,
        consent_collected_from: "OTHER",
      },
    });
  }

  /** The customer texts the shop's number from their phone; Twilio posts it to the app, signed. */
  async text(customerId: string, body: string) {
    const phone = this.customer(customerId).phone;
    if (!phone) throw new StoreError(`Customer ${customerId} has no phone`);
    const sent = await this.config.twilio.sendText({ from: phone, to: DEMO_TWILIO.number, body });
    if (sent.status !== 200) throw new StoreError(`The app answered ${sent.status} to the text`);
    return { messageSid: sent.messageSid };
  }

  /** A sales rep sets the VIP tier on the contact in HubSpot; HubSpot tells the app (signed webhook). */
  async repSetsTier(email: string, tier: "none" | "silver" | "gold") {
    const portal = this.config.hubspot.portals.get(this.config.portalId);
    const contact = portal?.contacts.get(email.toLowerCase());
    if (!portal || !contact)
      throw new StoreError(
        `${email} is not a HubSpot contact yet (Replyloop writes contacts as customers answer)`,
      );
    contact.properties.replyloop_vip_tier = tier;
    contact.updatedAt = new Date().toISOString();
    const body = JSON.stringify([
      {
        eventId: ++this.state.hubspotEventId,
        subscriptionId: 2468135,
        portalId: Number(this.config.portalId),
        appId: this.config.hubspotAppId,
        occurredAt: Date.now(),
        subscriptionType: "contact.propertyChange",
        attemptNumber: 0,
        objectId: Number(contact.id),
        propertyName: "replyloop_vip_tier",
        propertyValue: tier,
        changeSource: "CRM_UI",
        sourceId: "userId:12345",
      },
    ]);
    const url = `${this.config.appUrl}/webhooks/hubspot`;
    const timestamp = String(Date.now());
    const signature = createHmac("sha256", this.config.hubspotSecret)
      .update(`POST${url}${body}${timestamp}`)
      .digest("base64");
    const res = await fetch(url, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-HubSpot-Signature-v3": signature,
        "X-HubSpot-Request-Timestamp": timestamp,
      },
    });
    if (res.status !== 200) throw new StoreError(`The app answered ${res.status} to the HubSpot webhook`);
  }
}

export class StoreError extends Error {
  override name = "StoreError";
}
