// /u/<token>: the unsubscribe link and List-Unsubscribe target of marketing emails. Public.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { unsubscribeAction, unsubscribeLoader } from "../email/unsubscribe.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  unsubscribeLoader(request, params.token ?? "");
export const action = ({ request, params }: ActionFunctionArgs) =>
  unsubscribeAction(request, params.token ?? "");
