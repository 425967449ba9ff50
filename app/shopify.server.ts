import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";
import { env } from "./env.server";
import { shopAdminFetch } from "./shopify/admin-origin";
import { ShopifyAdminError } from "./shopify/admin.server";
import { SHOPIFY_API_VERSION, SHOPIFY_SCOPES } from "./shopify/api-version";
import { oncePerShop } from "./shopify/auth-once";
import { recordInstall } from "./shops/shops.server";

if (env.SHOPIFY_ADMIN_API_ORIGIN) setAbstractFetchFunc(shopAdminFetch(env.SHOPIFY_ADMIN_API_ORIGIN));

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: SHOPIFY_API_VERSION,
  scopes: env.SCOPES?.split(",") ?? [...SHOPIFY_SCOPES],
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  logger: { level: env.LOG_LEVEL === "debug" ? LogSeverity.Debug : LogSeverity.Warning },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // Runs after token exchange stored a new offline session: (re)install of the shop.
    afterAuth: async ({ session }) => {
      await recordInstall(db, session.shop);
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = SHOPIFY_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
// A page's parallel loaders share one authentication (one token exchange) per shop.
export const authenticate = { ...shopify.authenticate, admin: oncePerShop(shopify.authenticate.admin) };
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;

/** The shop's offline access token, through the Shopify library (which refreshes expiring tokens). */
export async function offlineAccessToken(shop: string): Promise<string> {
  try {
    const { session } = await unauthenticated.admin(shop);
    if (session.accessToken) return session.accessToken;
  } catch (error) {
    throw new ShopifyAdminError(`No usable offline session for ${shop}: ${String(error)}`, false);
  }
  throw new ShopifyAdminError(`No offline access token for ${shop}`, false);
}
