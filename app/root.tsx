import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";

export const links = () => [{ rel: "icon", href: "/favicon.ico" }];

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

// A page outside every route (a 404) or an error no route caught. The server already logged what
// needs logging (entry.server.tsx's handleError): this only tells the visitor.
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const title = notFound ? "Page not found" : "Something went wrong";
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{title}</title>
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "48px auto", maxWidth: 480 }}>
        <h1>{title}</h1>
        <p>{notFound ? "There is nothing at this address." : "Please try again in a moment."}</p>
        <Scripts />
      </body>
    </html>
  );
}
