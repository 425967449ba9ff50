// The Shopify Admin GraphQL calls Replyloop makes, through graphql-request with the shop's offline
// token (the composition root, app/server/composition.server.ts, builds the one client of the
// process). SHOPIFY_ADMIN_API_ORIGIN replaces https://{shop} (tests and the sandbox use a local
// server). Rate limiting (THROTTLED, 429) is waited out here with a short backoff; other transient
// faults (5xx, network) are thrown as retryable, for the calling job's own backoff. Everything
// that comes back is validated.
import { ClientError, GraphQLClient } from "graphql-request";
import { z } from "zod";
import { backoffMs } from "../lib/backoff";
import { SHOPIFY_API_VERSION } from "./api-version";

export class ShopifyAdminError extends Error {
  override name = "ShopifyAdminError";
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export type DiscountInput = {
  code: string;
  title: string;
  percent: number;
  startsAt: Date;
  endsAt: Date;
  /** Limits the code to this customer (GID); a guest checkout gets a single-use code for anyone. */
  customerGid?: string;
};

export type CustomerSummary = {
  email: string | null;
  numberOfOrders: number;
  amountSpent: { amount: string; currencyCode: string };
  tags: string[];
  marketingState: string | null;
};

export type ShopDetails = {
  name: string;
  email: string | null;
  currencyCode: string;
  ianaTimezone: string;
  address: string | null;
};

export interface ShopifyAdmin {
  createDiscountCode(shop: string, input: DiscountInput): Promise<{ id: string; code: string }>;
  addTags(shop: string, customerGid: string, tags: string[]): Promise<void>;
  removeTags(shop: string, customerGid: string, tags: string[]): Promise<void>;
  customerSummary(shop: string, customerGid: string): Promise<CustomerSummary | null>;
  shopDetails(shop: string): Promise<ShopDetails>;
  /** Starts the shop's Flow workflows that begin with the trigger `handle`; Flow's refusal is thrown. */
  flowTriggerReceive(shop: string, handle: string, payload: Record<string, unknown>): Promise<void>;
  /** customerSmsMarketingConsentUpdate: the customer's SMS consent (a STOP or START text). */
  updateSmsMarketingConsent(
    shop: string,
    customerGid: string,
    state: "SUBSCRIBED" | "UNSUBSCRIBED",
  ): Promise<void>;
}

const userErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() }));

const DISCOUNT_CREATE = /* GraphQL */ `
  mutation ReplyloopDiscountCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;
const discountCreateResult = z.object({
  discountCodeBasicCreate: z.object({
    codeDiscountNode: z.object({ id: z.string() }).nullable(),
    userErrors,
  }),
});

const TAGS_ADD = /* GraphQL */ `
  mutation ReplyloopTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;
const TAGS_REMOVE = /* GraphQL */ `
  mutation ReplyloopTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;
const userErrorsResult = (field: "tagsAdd" | "tagsRemove" | "flowTriggerReceive") =>
  z.object({ [field]: z.object({ userErrors }) });

const CUSTOMER_SUMMARY = /* GraphQL */ `
  query ReplyloopCustomerSummary($id: ID!) {
    customer(id: $id) {
      email
      numberOfOrders
      amountSpent {
        amount
        currencyCode
      }
      tags
      emailMarketingConsent {
        marketingState
      }
    }
  }
`;
const customerResult = z.object({
  customer: z
    .object({
      email: z.string().nullable(),
      numberOfOrders: z.union([z.string(), z.number()]).transform(Number),
      amountSpent: z.object({
        amount: z.union([z.string(), z.number()]).transform(String),
        currencyCode: z.string(),
      }),
      tags: z.array(z.string()),
      emailMarketingConsent: z.object({ marketingState: z.string() }).nullable(),
    })
    .nullable(),
});

const SMS_CONSENT_UPDATE = /* GraphQL */ `
  mutation ReplyloopSmsConsentUpdate($input: CustomerSmsMarketingConsentUpdateInput!) {
    customerSmsMarketingConsentUpdate(input: $input) {
      customer {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;
const smsConsentResult = z.object({
  customerSmsMarketingConsentUpdate: z.object({
    customer: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(
      z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() }),
    ),
  }),
});

const SHOP_DETAILS = /* GraphQL */ `
  query ReplyloopShopDetails {
    shop {
      name
      email
      currencyCode
      ianaTimezone
      billingAddress {
        formatted
      }
    }
  }
`;
const shopResult = z.object({
  shop: z.object({
    name: z.string(),
    email: z.string().nullable(),
    currencyCode: z.string(),
    ianaTimezone: z.string(),
    billingAddress: z.object({ formatted: z.array(z.string()) }).nullable(),
  }),
});

const FLOW_TRIGGER_RECEIVE = /* GraphQL */ `
  mutation ReplyloopFlowTriggerReceive($handle: String, $payload: JSON) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

const throttled = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  errors?.some((e) => e.extensions?.code === "THROTTLED") ?? false;

type Sleep = (ms: number) => Promise<void>;

export class GraphqlShopifyAdmin implements ShopifyAdmin {
  constructor(
    private readonly options: {
      origin?: string;
      tokenFor(shop: string): Promise<string>;
      maxAttempts?: number;
      sleep?: Sleep;
    },
  ) {}

  private endpoint(shop: string) {
    return `${this.options.origin ?? `https://${shop}`}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  }

  /** One GraphQL call: THROTTLED and 5xx retried with exponential backoff, then validated. */
  private async call<S extends z.ZodType>(
    shop: string,
    query: string,
    variables: Record<string, unknown>,
    schema: S,
  ): Promise<z.output<S>> {
    const client = new GraphQLClient(this.endpoint(shop), {
      headers: { "X-Shopify-Access-Token": await this.options.tokenFor(shop) },
      errorPolicy: "all",
    });
    const maxAttempts = this.options.maxAttempts ?? 4;
    const sleep =
      this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      let errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined;
      let data: unknown;
      try {
        const response = await client.rawRequest(query, variables);
        errors = response.errors;
        data = response.data;
      } catch (error) {
        const status = error instanceof ClientError ? error.response.status : 0;
        const retryable = status === 0 || status === 429 || status >= 500;
        if (status !== 429 || attempt >= maxAttempts) {
          throw new ShopifyAdminError(
            `Shopify Admin API ${status || "network error"}: ${String(error).slice(0, 300)}`,
            retryable,
          );
        }
        await sleep(throttleWaitMs(attempt));
        continue;
      }
      if (throttled(errors)) {
        if (attempt >= maxAttempts)
          throw new ShopifyAdminError("Shopify Admin API kept answering THROTTLED", true);
        await sleep(throttleWaitMs(attempt));
        continue;
      }
      if (errors?.length)
        throw new ShopifyAdminError(
          `Shopify Admin API error: ${errors.map((e) => e.message).join("; ")}`,
          false,
        );
      const parsed = schema.safeParse(data);
      if (!parsed.success)
        throw new ShopifyAdminError(`Unexpected Shopify Admin API response: ${parsed.error.message}`, false);
      return parsed.data;
    }
  }

  async createDiscountCode(shop: string, input: DiscountInput) {
    const result = await this.call(
      shop,
      DISCOUNT_CREATE,
      {
        basicCodeDiscount: {
          title: input.title,
          code: input.code,
          startsAt: input.startsAt.toISOString(),
          endsAt: input.endsAt.toISOString(),
          usageLimit: 1,
          appliesOncePerCustomer: true,
          context: input.customerGid ? { customers: { add: [input.customerGid] } } : { all: "ALL" },
          customerGets: { value: { percentage: input.percent / 100 }, items: { all: true } },
          combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
        },
      },
      discountCreateResult,
    );
    const { codeDiscountNode, userErrors: problems } = result.discountCodeBasicCreate;
    if (problems.length || !codeDiscountNode) {
      throw new ShopifyAdminError(
        `Discount not created: ${problems.map((e) => e.message).join("; ")}`,
        false,
      );
    }
    return { id: codeDiscountNode.id, code: input.code };
  }

  async addTags(shop: string, customerGid: string, tags: string[]) {
    const result = await this.call(shop, TAGS_ADD, { id: customerGid, tags }, userErrorsResult("tagsAdd"));
    assertNoUserErrors(result, "tagsAdd");
  }

  async removeTags(shop: string, customerGid: string, tags: string[]) {
    const result = await this.call(
      shop,
      TAGS_REMOVE,
      { id: customerGid, tags },
      userErrorsResult("tagsRemove"),
    );
    assertNoUserErrors(result, "tagsRemove");
  }

  async customerSummary(shop: string, customerGid: string): Promise<CustomerSummary | null> {
    const { customer } = await this.call(shop, CUSTOMER_SUMMARY, { id: customerGid }, customerResult);
    if (!customer) return null;
    return {
      email: customer.email,
      numberOfOrders: customer.numberOfOrders,
      amountSpent: customer.amountSpent,
      tags: customer.tags,
      marketingState: customer.emailMarketingConsent?.marketingState ?? null,
    };
  }

  async updateSmsMarketingConsent(shop: string, customerGid: string, state: "SUBSCRIBED" | "UNSUBSCRIBED") {
    const result = await this.call(
      shop,
      SMS_CONSENT_UPDATE,
      {
        input: {
          customerId: customerGid,
          // No consentUpdatedAt: Shopify stamps the time it received the change (and refuses a future one).
          smsMarketingConsent: {
            marketingState: state,
            ...(state === "SUBSCRIBED" ? { marketingOptInLevel: "SINGLE_OPT_IN" } : {}),
          },
        },
      },
      smsConsentResult,
    );
    const problems = result.customerSmsMarketingConsentUpdate.userErrors;
    if (problems.length)
      throw new ShopifyAdminError(
        `customerSmsMarketingConsentUpdate: ${problems.map((e) => e.message).join("; ")}`,
        false,
      );
  }

  async shopDetails(shop: string): Promise<ShopDetails> {
    const { shop: details } = await this.call(shop, SHOP_DETAILS, {}, shopResult);
    return {
      name: details.name,
      email: details.email,
      currencyCode: details.currencyCode,
      ianaTimezone: details.ianaTimezone,
      address: details.billingAddress?.formatted.join(", ") ?? null,
    };
  }

  async flowTriggerReceive(shop: string, handle: string, payload: Record<string, unknown>) {
    const result = await this.call(
      shop,
      FLOW_TRIGGER_RECEIVE,
      { handle, payload },
      userErrorsResult("flowTriggerReceive"),
    );
    assertNoUserErrors(result, "flowTriggerReceive");
  }
}

function assertNoUserErrors(result: Record<string, { userErrors: { message: string }[] }>, field: string) {
  const problems = result[field]?.userErrors ?? [];
  if (problems.length)
    throw new ShopifyAdminError(`${field}: ${problems.map((e) => e.message).join("; ")}`, false);
}

/** ~1 s, 2 s, 4 s … with jitter, capped at 30 s. */
const throttleWaitMs = (attempt: number) => backoffMs(attempt, { baseMs: 1000, maxMs: 30_000, jitter: 0.2 });
