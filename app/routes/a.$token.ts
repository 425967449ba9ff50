// /a/<token>: a one-click answer link from an email. Public (no Shopify session, no bot filter:
// the edge decides what a scanner may and may not do).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerLinkAction, answerLinkLoader } from "../answers/link.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerLinkLoader(request, params.token ?? "");
export const action = ({ request, params }: ActionFunctionArgs) =>
  answerLinkAction(request, params.token ?? "");
