import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return { apiKey: env.SHOPIFY_API_KEY, appBridgeUrl: env.SHOPIFY_APP_BRIDGE_URL ?? null };
};

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    // App Bridge from Shopify's CDN, unless configured to come from elsewhere (the sandbox's stand-in).
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
        <Link to="/app/campaigns">Campaigns</Link>
        <Link to="/app/answers">Answers</Link>
        <Link to="/app/sends">Pending sends</Link>
        <Link to="/app/hubspot">HubSpot</Link>
        <Link to="/app/sms">SMS</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/agency">Agency tools</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// The campaign editor's live preview posts on every pause in typing and changes nothing: no reload.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction?.endsWith("/preview") ? false : defaultShouldRevalidate;

// Shopify needs Remix to catch some thrown responses so that their headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
