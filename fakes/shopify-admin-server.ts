// A stand-in for the Shopify Admin GraphQL API on 127.0.0.1, for tests and the sandbox. It speaks
// the real protocol for the calls Replyloop makes — discountCodeBasicCreate, tagsAdd, tagsRemove,
// customerSmsMarketingConsentUpdate (a customer without a phone, or a state Shopify sets itself,
// refused with userErrors as Shopify does), customer, shop, flowTriggerReceive (checked as Flow
// checks it, fakes/flow-triggers.ts) — validating every query and its variables against the real
// input types (a subset of the Admin schema), authenticating by X-Shopify-Access-Token, and
// answering THROTTLED when told to. It keeps customers, tags and discounts per shop. It also answers
// token exchange (an embedded app's session token for an offline access token, with the app's
// credentials) the way Shopify's /admin/oauth/access_token does, and counts the exchanges per shop.
// It depends on Replyloop only through HTTP.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { buildSchema, graphql, type GraphQLError } from "graphql";
import path from "node:path";
import { readFlowTriggers, validateFlowTrigger, type FlowTriggerDefinition } from "./flow-triggers";
import { createJsonServer } from "./json-server";

export const ADMIN_API_VERSION = "2026-07";

const schema = buildSchema(/* GraphQL */ `
  scalar DateTime
  scalar Decimal
  scalar Money
  scalar JSON
  enum CurrencyCode {
    USD
    EUR
    GBP
    CAD
    AUD
    JPY
  }
  enum DiscountBuyerSelection {
    ALL
  }
  enum CustomerEmailMarketingState {
    NOT_SUBSCRIBED
    PENDING
    SUBSCRIBED
    UNSUBSCRIBED
    REDACTED
    INVALID
  }

  enum CustomerSmsMarketingState {
    NOT_SUBSCRIBED
    PENDING
    SUBSCRIBED
    UNSUBSCRIBED
    REDACTED
  }
  enum CustomerMarketingOptInLevel {
    SINGLE_OPT_IN
    CONFIRMED_OPT_IN
    UNKNOWN
  }
  enum CustomerSmsMarketingConsentErrorCode {
    INVALID
    INCLUSION
    INTERNAL_ERROR
    MISSING_ARGUMENT
  }
  input CustomerSmsMarketingConsentInput {
    marketingOptInLevel: CustomerMarketingOptInLevel
    marketingState: CustomerSmsMarketingState!
    consentUpdatedAt: DateTime
    sourceLocationId: ID
  }
  input CustomerSmsMarketingConsentUpdateInput {
    customerId: ID!
    smsMarketingConsent: CustomerSmsMarketingConsentInput!
  }

  input DiscountCustomersInput {
    add: [ID!]
    remove: [ID!]
  }
  input DiscountContextInput {
    all: DiscountBuyerSelection
    customers: DiscountCustomersInput
  }
  input DiscountAmountInput {
    amount: Decimal
    appliesOnEachItem: Boolean
  }
  input DiscountCustomerGetsValueInput {
    percentage: Float
    discountAmount: DiscountAmountInput
  }
  input DiscountItemsInput {
    all: Boolean
  }
  input DiscountCustomerGetsInput {
    value: DiscountCustomerGetsValueInput
    items: DiscountItemsInput
  }
  input DiscountCombinesWithInput {
    orderDiscounts: Boolean
    productDiscounts: Boolean
    shippingDiscounts: Boolean
  }
  input DiscountCodeBasicInput {
    title: String
    code: String
    startsAt: DateTime
    endsAt: DateTime
    usageLimit: Int
    appliesOncePerCustomer: Boolean
    context: DiscountContextInput
    customerGets: DiscountCustomerGetsInput
    combinesWith: DiscountCombinesWithInput
  }

  type UserError {
    field: [String!]
    message: String!
  }
  type DiscountUserError {
    field: [String!]
    message: String!
    code: String
  }
  type DiscountCodeNode {
    id: ID!
  }
  type DiscountCodeBasicCreatePayload {
    codeDiscountNode: DiscountCodeNode
    userErrors: [DiscountUserError!]!
  }
  type CustomerSmsMarketingConsentError {
    field: [String!]
    message: String!
    code: CustomerSmsMarketingConsentErrorCode
  }
  type CustomerSmsMarketingConsentState {
    marketingState: CustomerSmsMarketingState!
    marketingOptInLevel: CustomerMarketingOptInLevel
    consentUpdatedAt: DateTime
  }
  type CustomerSmsMarketingConsentUpdatePayload {
    customer: Customer
    userErrors: [CustomerSmsMarketingConsentError!]!
  }
  type TagsAddPayload {
    userErrors: [UserError!]!
  }
  type TagsRemovePayload {
    userErrors: [UserError!]!
  }
  type FlowTriggerReceivePayload {
    userErrors: [UserError!]!
  }

  type MoneyV2 {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }
  type CustomerEmailMarketingConsentState {
    marketingState: CustomerEmailMarketingState!
  }
  type Customer {
    id: ID!
    email: String
    numberOfOrders: String!
    amountSpent: MoneyV2!
    tags: [String!]!
    emailMarketingConsent: CustomerEmailMarketingConsentState
    phone: String
    smsMarketingConsent: CustomerSmsMarketingConsentState
  }
  type MailingAddress {
    formatted: [String!]!
  }
  type Shop {
    name: String!
    email: String
    currencyCode: CurrencyCode!
    ianaTimezone: String!
    billingAddress: MailingAddress
  }

  type Query {
    customer(id: ID!): Customer
    shop: Shop!
  }
  type Mutation {
    discountCodeBasicCreate(basicCodeDiscount: DiscountCodeBasicInput!): DiscountCodeBasicCreatePayload
    tagsAdd(id: ID!, tags: [String!]!): TagsAddPayload
    tagsRemove(id: ID!, tags: [String!]!): TagsRemovePayload
    flowTriggerReceive(handle: String, payload: JSON, body: String): FlowTriggerReceivePayload
    customerSmsMarketingConsentUpdate(
      input: CustomerSmsMarketingConsentUpdateInput!
    ): CustomerSmsMarketingConsentUpdatePayload
  }
`);

export type FakeCustomer = {
  id: string;
  email: string | null;
  numberOfOrders: number;
  amountSpent: string;
  currencyCode: string;
  tags: string[];
  marketingState: string;
  /** E.164, as Shopify stores a customer's phone; SMS consent needs one. */
  phone?: string | null;
  smsMarketingState?: string;
};

export type FakeDiscount = {
  id: string;
  code: string;
  title: string;
  percentage: number | null;
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  customers: string[] | "all";
};

export type FakeShop = {
  domain: string;
  accessToken: string;
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  address: string[];
  customers: Map<string, FakeCustomer>;
  discounts: FakeDiscount[];
};

export type AdminCall = {
  shop: string;
  operation: string;
  variables: Record<string, unknown>;
  throttled: boolean;
};

const gid = (id: string | number) =>
  String(id).startsWith("gid://") ? String(id) : `gid://shopify/Customer/${id}`;

type SmsConsentInput = {
  customerId: string;
  smsMarketingConsent: { marketingState: string; marketingOptInLevel?: string; consentUpdatedAt?: string };
};

/** A customerSmsMarketingConsentUpdate Shopify accepted. */
export type SmsConsentUpdate = {
  shop: string;
  customerId: string;
  marketingState: string;
  marketingOptInLevel?: string;
};

export type TokenExchange = { shop: string; requestedTokenType: string; at: number };

/** A trigger Flow accepted: the workflows that start with it would run with this payload. */
export type FlowTriggerRun = { shop: string; handle: string; payload: Record<string, unknown>; at: number };

/** The app's extensions, as deployed: its Flow triggers are what flowTriggerReceive accepts. */
const APP_EXTENSIONS = path.resolve(import.meta.dirname, "../extensions");

/** The app credentials token exchange checks (the app's API key and secret). */
export type FakeAppCredentials = { clientId: string; clientSecret: string };

/** A session token App Bridge would mint: HS256 with the app's secret, for this app, for a known shop. */
function sessionTokenShop(token: string, app: FakeAppCredentials): string | null {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return null;
  const expected = createHmac("sha256", app.clientSecret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    if (claims.aud !== app.clientId || typeof claims.dest !== "string") return null;
    if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return null;
    return new URL(claims.dest).hostname;
  } catch {
    return null;
  }
}

export async function startFakeShopifyAdmin(
  options: { port?: number; app?: FakeAppCredentials; flowTriggers?: FlowTriggerDefinition[] } = {},
) {
  const flowTriggerDefinitions = options.flowTriggers ?? readFlowTriggers(APP_EXTENSIONS);
  const flowTriggers: FlowTriggerRun[] = [];
  const shops = new Map<string, FakeShop>();
  const calls: AdminCall[] = [];
  const tokenExchanges: TokenExchange[] = [];
  const smsConsentUpdates: SmsConsentUpdate[] = [];
  let throttleRemaining = 0;
  let discountSeq = 1000;

  function addShop(shop: Omit<FakeShop, "customers" | "discounts"> & { customers?: FakeCustomer[] }) {
    const entry: FakeShop = {
      ...shop,
      customers: new Map((shop.customers ?? []).map((c) => [gid(c.id), { ...c, id: gid(c.id) }])),
      discounts: [],
    };
    shops.set(shop.accessToken, entry);
    return entry;
  }

  const rootFor = (shop: FakeShop) => ({
    shop: () => ({
      name: shop.name,
      email: shop.email,
      currencyCode: shop.currencyCode,
      ianaTimezone: shop.ianaTimezone,
      billingAddress: { formatted: shop.address },
    }),
    customer: ({ id }: { id: string }) => {
      const c = shop.customers.get(id);
      return c
        ? {
            id: c.id,
            email: c.email,
            numberOfOrders: String(c.numberOfOrders),
            amountSpent: { amount: c.amountSpent, currencyCode: c.currencyCode },
            tags: c.tags,
            emailMarketingConsent: { marketingState: c.marketingState },
            phone: c.phone ?? null,
            smsMarketingConsent: c.phone
              ? { marketingState: c.smsMarketingState ?? "NOT_SUBSCRIBED", marketingOptInLevel: null }
              : null,
          }
        : null;
    },
    customerSmsMarketingConsentUpdate: ({ input }: { input: SmsConsentInput }) => {
      const c = shop.customers.get(input.customerId);
      const consent = input.smsMarketingConsent;
      const error = (field: string[], message: string, code: string) => ({
        customer: null,
        userErrors: [{ field: ["input", ...field], message, code }],
      });
      if (!c) return error(["customerId"], "Customer not found", "INVALID");
      if (!c.phone)
        return error(
          ["smsMarketingConsent"],
          "A phone number is required to set the SMS consent state.",
          "MISSING_ARGUMENT",
        );
      // Shopify records a change of state; REDACTED and NOT_SUBSCRIBED are states it sets itself.
      if (consent.marketingState === "REDACTED" || consent.marketingState === "NOT_SUBSCRIBED")
        return error(
          ["smsMarketingConsent", "marketingState"],
          "Marketing state is not included in the list",
          "INCLUSION",
        );
      if (consent.consentUpdatedAt && Date.parse(consent.consentUpdatedAt) > Date.now())
        return error(
          ["smsMarketingConsent", "consentUpdatedAt"],
          "Consent updated at cannot be in the future",
          "INVALID",
        );
      c.smsMarketingState = consent.marketingState;
      smsConsentUpdates.push({ shop: shop.domain, customerId: c.id, ...consent });
      return {
        customer: {
          id: c.id,
          email: c.email,
          numberOfOrders: String(c.numberOfOrders),
          amountSpent: { amount: c.amountSpent, currencyCode: c.currencyCode },
          tags: c.tags,
          phone: c.phone,
          smsMarketingConsent: { marketingState: c.smsMarketingState },
        },
        userErrors: [],
      };
    },
    discountCodeBasicCreate: ({ basicCodeDiscount: d }: { basicCodeDiscount: Record<string, unknown> }) => {
      const errors: { field: string[]; message: string; code: string }[] = [];
      const code = typeof d.code === "string" ? d.code : "";
      const percentage =
        (d.customerGets as { value?: { percentage?: number } } | undefined)?.value?.percentage ?? null;
      const context = d.context as { all?: string; customers?: { add?: string[] } } | undefined;
      if (!code)
        errors.push({ field: ["basicCodeDiscount", "code"], message: "Code can't be blank", code: "BLANK" });
      if (!d.title)
        errors.push({
          field: ["basicCodeDiscount", "title"],
          message: "Title can't be blank",
          code: "BLANK",
        });
      if (!context || (!context.all && !context.customers?.add?.length)) {
        errors.push({
          field: ["basicCodeDiscount", "context"],
          message: "Context must target all buyers or customers",
          code: "BLANK",
        });
      }
      if (percentage === null || percentage <= 0 || percentage > 1) {
        errors.push({
          field: ["basicCodeDiscount", "customerGets", "value", "percentage"],
          message: "Percentage must be between 0 and 1",
          code: "INVALID",
        });
      }
      for (const customer of context?.customers?.add ?? []) {
        if (!shop.customers.has(customer))
          errors.push({
            field: ["basicCodeDiscount", "context", "customers", "add"],
            message: `Customer ${customer} does not exist`,
            code: "INVALID",
          });
      }
      if (shop.discounts.some((x) => x.code.toLowerCase() === code.toLowerCase())) {
        errors.push({
          field: ["basicCodeDiscount", "code"],
          message: "Code must be unique. Please try a different code.",
          code: "TAKEN",
        });
      }
      if (errors.length) return { codeDiscountNode: null, userErrors: errors };
      const discount: FakeDiscount = {
        id: `gid://shopify/DiscountCodeNode/${discountSeq++}`,
        code,
        title: String(d.title),
        percentage,
        startsAt: typeof d.startsAt === "string" ? d.startsAt : new Date().toISOString(),
        endsAt: typeof d.endsAt === "string" ? d.endsAt : null,
        usageLimit: typeof d.usageLimit === "number" ? d.usageLimit : null,
        appliesOncePerCustomer: d.appliesOncePerCustomer === true,
        customers: context?.all ? "all" : [...(context?.customers?.add ?? [])],
      };
      shop.discounts.push(discount);
      return { codeDiscountNode: { id: discount.id }, userErrors: [] };
    },
    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => {
      const c = shop.customers.get(id);
      if (!c) return { userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
      for (const tag of tags) if (!c.tags.includes(tag)) c.tags.push(tag);
      return { userErrors: [] };
    },
    flowTriggerReceive: ({ handle, payload }: { handle?: unknown; payload?: unknown }) => {
      const verdict = validateFlowTrigger(flowTriggerDefinitions, handle, payload);
      if (verdict.accepted)
        flowTriggers.push({
          shop: shop.domain,
          handle: String(handle),
          payload: verdict.properties,
          at: Date.now(),
        });
      return { userErrors: verdict.userErrors };
    },
    tagsRemove: ({ id, tags }: { id: string; tags: string[] }) => {
      const c = shop.customers.get(id);
      if (!c) return { userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
      c.tags = c.tags.filter((t) => !tags.includes(t));
      return { userErrors: [] };
    },
  });

  const server = createJsonServer(async (req, reply) => {
    const send = (status: number, body: unknown) => reply.json(status, body);
    if (req.method === "POST" && req.path === "/admin/oauth/access_token")
      return exchangeToken(req.body, send);
    if (req.method !== "POST" || req.path !== `/admin/api/${ADMIN_API_VERSION}/graphql.json`)
      return send(404, { errors: "Not Found" });
    const shop = shops.get(String(req.headers["x-shopify-access-token"] ?? ""));
    if (!shop)
      return send(401, {
        errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
      });
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return send(400, { errors: "Bad Request" });
    }
    const query = typeof body.query === "string" ? body.query : "";
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<
      string,
      unknown
    >;
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous";
    const throttled = throttleRemaining > 0;
    calls.push({ shop: shop.domain, operation, variables, throttled });
    if (throttled) {
      throttleRemaining--;
      return send(200, {
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: 10,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
          },
        },
      });
    }
    const result = await graphql({
      schema,
      source: query,
      variableValues: variables,
      rootValue: rootFor(shop),
    });
    send(200, {
      ...(result.data ? { data: result.data } : {}),
      ...(result.errors
        ? {
            errors: result.errors.map((e: GraphQLError) => ({
              message: e.message,
              locations: e.locations,
              path: e.path,
            })),
          }
        : {}),
      extensions: {
        cost: {
          requestedQueryCost: 10,
          actualQueryCost: 10,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
        },
      },
    });
  });

  /** Token exchange (RFC 8693 as Shopify speaks it): JSON in, an offline access token out. */
  function exchangeToken(raw: string, send: (status: number, body: unknown) => void) {
    let form: Record<string, unknown>;
    try {
      form = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(400, { error: "invalid_request", error_description: "Malformed JSON" });
    }
    const app = options.app;
    if (!app || form.client_id !== app.clientId || form.client_secret !== app.clientSecret)
      return send(401, { error: "invalid_client", error_description: "Invalid client credentials" });
    if (form.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange")
      return send(400, { error: "unsupported_grant_type", error_description: "Unsupported grant type" });
    const domain = typeof form.subject_token === "string" ? sessionTokenShop(form.subject_token, app) : null;
    const shop = domain ? [...shops.values()].find((s) => s.domain === domain) : undefined;
    if (!shop)
      return send(400, { error: "invalid_subject_token", error_description: "Invalid subject token" });
    const requestedTokenType = typeof form.requested_token_type === "string" ? form.requested_token_type : "";
    tokenExchanges.push({ shop: shop.domain, requestedTokenType, at: Date.now() });
    const accessToken = `shpat_exchanged_${randomBytes(12).toString("hex")}`;
    shops.set(accessToken, shop);
    return send(200, {
      access_token: accessToken,
      scope: "read_customers,write_customers,read_orders",
      ...(form.expiring === "1"
        ? {
            expires_in: 3600,
            refresh_token: `shprt_${randomBytes(12).toString("hex")}`,
            refresh_token_expires_in: 30 * 86_400,
          }
        : {}),
    });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    tokenExchanges,
    /** Every trigger Flow accepted, in order. */
    flowTriggers,
    smsConsentUpdates,
    shops,
    addShop,
    shopByDomain: (domain: string) => [...shops.values()].find((s) => s.domain === domain),
    /** The next `n` calls answer THROTTLED, as Shopify does when the bucket is empty. */
    throttleNext(n: number) {
      throttleRemaining = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeShopifyAdmin = Awaited<ReturnType<typeof startFakeShopifyAdmin>>;
