// Twilio's own HTTP client (the helper library's RequestClient, axios underneath) pointed at another
// origin: the documented way to change how the library makes its requests is a custom httpClient
// (twilio-node advanced-examples/custom-http-client.md). Every request keeps its path and query and
// goes to TWILIO_API_BASE_URL instead of https://api.twilio.com — the local stand-in in tests and
// the sandbox, a proxy in a locked-down network. With Twilio's own origin nothing changes.
import twilio from "twilio";

type RequestOptions<T> = Parameters<InstanceType<typeof twilio.RequestClient>["request"]>[0] & { data?: T };

export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly origin: string;

  constructor(baseUrl: string, options: { timeoutMs: number }) {
    super({ timeout: options.timeoutMs, keepAlive: true });
    this.origin = new URL(baseUrl).origin;
  }

  override request<T>(opts: RequestOptions<T>) {
    const uri = new URL(opts.uri);
    return super.request<T>({ ...opts, uri: `${this.origin}${uri.pathname}${uri.search}` });
  }
}
