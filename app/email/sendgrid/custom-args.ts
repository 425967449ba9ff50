// Our ids on every SendGrid message (custom_args), echoed back on every Event Webhook event: the
// shop domain, the ScheduledSend and the Message. Ids only — never personal data (SendGrid keeps
// custom_args long-term and does not treat them as PII). A module of its own, free of imports, so
// the transport, the intake edge and the event handlers can share it without an import cycle.
export const CUSTOM_ARG_SHOP = "rl_shop";
export const CUSTOM_ARG_SEND = "rl_send";
export const CUSTOM_ARG_MESSAGE = "rl_message";
