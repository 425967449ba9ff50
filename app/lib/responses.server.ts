// Responses the admin routes throw or return. A record of another shop, or one that does not exist,
// is the same 404: nothing tells shop A whether an id belongs to shop B.
import { json } from "@remix-run/node";

export const notFound = (message = "Not found") => json({ ok: false, message }, { status: 404 });

export const badRequest = (message = "That request was not understood.") =>
  json({ ok: false, message }, { status: 400 });
