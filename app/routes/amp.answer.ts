// /amp/answer: where the AMP forms of our emails post (action-xhr). Public; CORS per AMP for Email.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ampAnswerAction, ampAnswerOptions } from "../answers/amp.server";
import { plain } from "../lib/http.server";

// Remix routes OPTIONS and HEAD to the loader.
export const loader = ({ request }: LoaderFunctionArgs) =>
  request.method.toUpperCase() === "OPTIONS"
    ? ampAnswerOptions(request)
    : plain(405, "Method not allowed", { Allow: "POST" });
export const action = ({ request }: ActionFunctionArgs) => ampAnswerAction(request);
