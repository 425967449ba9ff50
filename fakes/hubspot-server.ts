// A fake HubSpot for tests, the benchmark and the sandbox: a real HTTP server on 127.0.0.1 that
// speaks the parts of HubSpot's API Replyloop uses, with HubSpot's paths, auth and body shapes
// (../shared/fixtures/hubspot/api/), HubSpot's limits (100 inputs per batch, a rolling request
// limit per portal answered with HubSpot's own 429 body) and switchable outages. It knows the
// product only through HTTP: nothing here imports from app/.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/** HubSpot's 429 body for the ten-secondly policy (fixture api/error-429-ten-secondly.json). */
export const TEN_SECONDLY_429 = {
  status: "error",
  message: "You have reached your ten_secondly_rolling limit.",
  errorType: "RATE_LIMIT",
  correlationId: "c93e06a4-7d61-4c3e-b63f-edf486fc6e90",
  policyName: "TEN_SECONDLY_ROLLING",
  groupName: "publicapi:hapikey-api-calls-ten-secondly:6748263",
};

export type FakeProperty = {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: { label: string; value: string; displayOrder?: number; hidden?: boolean }[];
};
export type FakeContact = {
  id: string;
  email: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
};
export type PropertyWrite = { portalId: string; email: string; property: string; value: string; at: number };
export type RecordedRequest = {
  method: string;
  path: string;
  portalId?: string;
  /** 0 until HubSpot has acted on the request (see FakeHubSpotOptions.latencyMs). */
  status: number;
  /** The address it came in on (the fake's url, or one from addOrigin()). */
  origin: string;
  at: number;
  /** When the answer went back to the client (with latency, after HubSpot acted on the request). */
  answeredAt?: number;
  /** Its connection was cut before the request reached HubSpot (cutOff()): nothing was done. */
  dropped?: boolean;
  inputs?: number;
};

type Portal = {
  id: string;
  groups: Map<string, { name: string; label: string; displayOrder: number }>;
  properties: Map<string, FakeProperty>;
  contacts: Map<string, FakeContact>;
  hits: number[];
  limit: number;
};
type Token = { portalId: string; expiresAt: number };

const DEFAULT_PROPERTIES: FakeProperty[] = [
  { name: "email", label: "Email", type: "string", fieldType: "text", groupName: "contactinformation" },
  {
    name: "firstname",
    label: "First name",
    type: "string",
    fieldType: "text",
    groupName: "contactinformation",
  },
  {
    name: "lastname",
    label: "Last name",
    type: "string",
    fieldType: "text",
    groupName: "contactinformation",
  },
];

const groupBody = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  label: z.string().min(1),
  displayOrder: z.number().int().optional(),
});
const optionBody = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
});
const propertyBody = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  type: z.enum(["string", "number", "date", "datetime", "enumeration", "bool"]),
  fieldType: z.enum([
    "text",
    "textarea",
    "number",
    "date",
    "select",
    "radio",
    "checkbox",
    "booleancheckbox",
    "calculation_equation",
    "file",
    "phonenumber",
  ]),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(optionBody).optional(),
});
const patchBody = z.object({
  options: z.array(optionBody).optional(),
  label: z.string().optional(),
  description: z.string().optional(),
});
const upsertBody = z.object({
  inputs: z.array(
    z.object({
      id: z.string().min(1),
      idProperty: z.literal("email"),
      objectWriteTraceId: z.string().optional(),
      properties: z.record(z.string(), z.string()),
    }),
  ),
});

export type FakeHubSpotOptions = {
  clientId?: string;
  clientSecret?: string;
  /** Requests per rolling 10 s per portal (HubSpot: 110 for marketplace apps). */
  rateLimit?: number;
  /** Lifetime of issued OAuth access tokens. */
  accessTokenSeconds?: number;
  /** Share of API requests answered with a 5xx (0–1), from a seeded generator. */
  failureRate?: number;
  /**
   * How long each request takes, uniformly between `min` and `max` ms (from a seeded generator of
   * its own): half of it before HubSpot acts on the request, half before the answer is back. The real
   * API takes a few hundred ms for a batch upsert, so requests sent close together can be applied in
   * another order; a client that dies in the second half never learns that its request was carried out.
   */
  latencyMs?: { min: number; max: number };
  seed?: number;
};

export class FakeHubSpot {
  readonly portals = new Map<string, Portal>();
  readonly requests: RecordedRequest[] = [];
  readonly writes: PropertyWrite[] = [];
  private readonly tokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly codes = new Map<string, string>();
  private outage: { status: number; until: number } | null = null;
  private readonly servers: http.Server[] = [];
  private nextContactId = 1000;
  private rng: () => number;
  private latencyRng: () => number;
  url = "";

  constructor(private readonly options: FakeHubSpotOptions = {}) {
    this.rng = FakeHubSpot.generator(options.seed ?? 42);
    this.latencyRng = FakeHubSpot.generator((options.seed ?? 42) + 1);
  }

  /** mulberry32: reproducible injected failures. */
  private static generator(seed: number) {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Restarts the injected-failure (and latency) sequence from `seed`. */
  reseed(seed: number) {
    this.rng = FakeHubSpot.generator(seed);
    this.latencyRng = FakeHubSpot.generator(seed + 1);
  }

  async start(port = 0): Promise<string> {
    this.url = await this.listen(port);
    return this.url;
  }

  /**
   * One more address of this same HubSpot (same portals, tokens and logs), e.g. one per client
   * process: each request is recorded with the address it came in on (RecordedRequest.origin).
   */
  async addOrigin(): Promise<string> {
    return this.listen(0);
  }

  private async listen(port: number): Promise<string> {
    let origin = "";
    const server = http.createServer((req, res) => {
      void this.handle(req, res, origin).catch((error: unknown) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ status: "error", message: String(error) }));
      });
    });
    this.servers.push(server);
    server.listen(port, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return origin;
  }

  async stop() {
    const servers = this.servers.splice(0);
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  /** A portal with a private-app token (returned) that never expires. */
  addPortal(portalId: string, opts: { rateLimit?: number; token?: string } = {}): string {
    this.portal(portalId).limit = opts.rateLimit ?? this.options.rateLimit ?? 110;
    const token = opts.token ?? `pat-na1-${randomBytes(12).toString("hex")}`;
    this.tokens.set(token, { portalId, expiresAt: Number.POSITIVE_INFINITY });
    return token;
  }

  /** The code HubSpot would put on the redirect after a user installs the app in `portalId`. */
  authorizationCode(portalId: string): string {
    this.portal(portalId);
    const code = `code-${randomBytes(8).toString("hex")}`;
    this.codes.set(code, portalId);
    return code;
  }

  /** From now until `ms` from now every API request gets `status` (429 uses HubSpot's body). */
  failFor(status: number, ms: number) {
    this.outage = { status, until: Date.now() + ms };
  }
  /** Every API request gets `status` until recover(). */
  failAll(status: number) {
    this.outage = { status, until: Number.POSITIVE_INFINITY };
  }
  recover() {
    this.outage = null;
  }
  set failureRate(rate: number) {
    this.options.failureRate = rate;
  }
  /**
   * The connection from `origin` is cut (its client's machine died, say): the requests from it that
   * HubSpot has not acted on yet never arrive (see latencyMs). Returns how many.
   */
  cutOff(origin: string): number {
    const lost = this.requests.filter((r) => r.origin === origin && r.status === 0 && !r.dropped);
    for (const request of lost) request.dropped = true;
    return lost.length;
  }

  /** See FakeHubSpotOptions.latencyMs; undefined answers at once. */
  set latencyMs(latency: { min: number; max: number } | undefined) {
    this.options.latencyMs = latency;
  }

  /** Every access and refresh token stops working (an uninstalled app, a deleted private app). */
  revokeAll() {
    this.tokens.clear();
    this.refreshTokens.clear();
  }

  contact(portalId: string, email: string): FakeContact | undefined {
    return this.portals.get(portalId)?.contacts.get(email.toLowerCase());
  }

  calls(filter: { path?: string; portalId?: string; method?: string } = {}) {
    return this.requests.filter(
      (r) =>
        (!filter.path || r.path === filter.path) &&
        (!filter.portalId || r.portalId === filter.portalId) &&
        (!filter.method || r.method === filter.method),
    );
  }

  private portal(id: string): Portal {
    let portal = this.portals.get(id);
    if (!portal) {
      portal = {
        id,
        groups: new Map(),
        properties: new Map(DEFAULT_PROPERTIES.map((p) => [p.name, p])),
        contacts: new Map(),
        hits: [],
        limit: this.options.rateLimit ?? 110,
      };
      this.portals.set(id, portal);
    }
    return portal;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, origin: string) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    const record: RecordedRequest = { method, path: url.pathname, status: 0, at: Date.now(), origin };
    this.requests.push(record);
    // Latency: half of it before HubSpot acts on the request (unless its connection is cut
    // meanwhile: cutOff()), half before the answer is back.
    const latency = this.options.latencyMs;
    const halfMs = latency ? (latency.min + this.latencyRng() * (latency.max - latency.min)) / 2 : 0;
    if (halfMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, halfMs));
      if (record.dropped) return void res.destroy();
    }
    const send = (status: number, body: unknown) => {
      record.status = status;
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
        record.answeredAt = Date.now();
      };
      if (halfMs > 0) setTimeout(answer, halfMs);
      else answer();
    };
    const error = (status: number, category: string, message: string, extra: Record<string, unknown> = {}) =>
      send(status, {
        status: "error",
        message,
        correlationId: randomBytes(8).toString("hex"),
        category,
        ...extra,
      });

    if (url.pathname === "/oauth/2026-03/token" && method === "POST") return this.oauthToken(raw, send);
    if (url.pathname === "/oauth/2026-03/token/revoke" && method === "POST")
      return this.oauthRevoke(raw, send, error);

    // Every other path is the API: bearer token, portal rate limit, injected failures.
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = auth ? this.tokens.get(auth) : undefined;
    if (!token || token.expiresAt < Date.now()) {
      return error(
        401,
        "INVALID_AUTHENTICATION",
        "Authentication credentials not found. This API supports OAuth 2.0 authentication.",
      );
    }
    const portal = this.portal(token.portalId);
    record.portalId = portal.id;
    const now = Date.now();
    portal.hits = portal.hits.filter((t) => t > now - 10_000);
    if (portal.hits.length >= portal.limit) return send(429, TEN_SECONDLY_429);
    portal.hits.push(now);
    if (this.outage && this.outage.until > now) {
      return this.outage.status === 429
        ? send(429, TEN_SECONDLY_429)
        : error(this.outage.status, "INTERNAL_ERROR", "Injected outage");
    }
    if ((this.options.failureRate ?? 0) > 0 && this.rng() < (this.options.failureRate ?? 0)) {
      return error(this.rng() < 0.5 ? 500 : 503, "INTERNAL_ERROR", "Injected failure");
    }

    let json: unknown = undefined;
    if (raw) {
      try {
        json = JSON.parse(raw);
      } catch {
        return error(400, "VALIDATION_ERROR", "Invalid input JSON");
      }
    }
    const route = `${method} ${url.pathname}`;
    if (route === "GET /account-info/v3/details") {
      return send(200, {
        portalId: Number(portal.id),
        timeZone: "US/Eastern",
        companyCurrency: "USD",
        uiDomain: "app.hubspot.com",
        dataHostingLocation: "na1",
      });
    }
    if (route === "POST /crm/v3/properties/contacts/groups") {
      const body = groupBody.safeParse(json);
      if (!body.success)
        return error(400, "VALIDATION_ERROR", `Invalid property group: ${body.error.issues[0]?.message}`);
      if (portal.groups.has(body.data.name))
        return error(
          409,
          "OBJECT_ALREADY_EXISTS",
          `A property group named '${body.data.name}' already exists.`,
        );
      const group = {
        name: body.data.name,
        label: body.data.label,
        displayOrder: body.data.displayOrder ?? -1,
      };
      portal.groups.set(group.name, group);
      return send(201, { ...group, archived: false });
    }
    if (route === "GET /crm/v3/properties/contacts")
      return send(200, { results: [...portal.properties.values()] });
    if (route === "POST /crm/v3/properties/contacts") {
      const body = propertyBody.safeParse(json);
      if (!body.success)
        return error(
          400,
          "VALIDATION_ERROR",
          `Invalid property: ${body.error.issues[0]?.path.join(".")} ${body.error.issues[0]?.message}`,
        );
      if (portal.properties.has(body.data.name)) {
        return error(409, "OBJECT_ALREADY_EXISTS", `A property named '${body.data.name}' already exists.`, {
          subCategory: "Properties.PROPERTY_WITH_NAME_EXISTS",
        });
      }
      if (
        !portal.groups.has(body.data.groupName) &&
        !DEFAULT_PROPERTIES.some((p) => p.groupName === body.data.groupName)
      ) {
        return error(400, "VALIDATION_ERROR", `Property group ${body.data.groupName} does not exist`);
      }
      if (body.data.type === "enumeration" && !body.data.options?.length)
        return error(400, "VALIDATION_ERROR", "Enumeration properties need options");
      portal.properties.set(body.data.name, body.data);
      return send(201, { ...body.data, createdAt: new Date().toISOString() });
    }
    if (route === "POST /crm/v3/properties/contacts/batch/create") {
      const body = z.object({ inputs: z.array(propertyBody).max(100) }).safeParse(json);
      if (!body.success)
        return error(
          400,
          "VALIDATION_ERROR",
          `Invalid input: ${body.error.issues[0]?.path.join(".")} ${body.error.issues[0]?.message}`,
        );
      const existing = body.data.inputs.find((p) => portal.properties.has(p.name));
      if (existing)
        return error(409, "OBJECT_ALREADY_EXISTS", `A property named '${existing.name}' already exists.`);
      for (const property of body.data.inputs) portal.properties.set(property.name, property);
      return send(201, {
        status: "COMPLETE",
        results: body.data.inputs,
        startedAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
      });
    }
    const patch = /^PATCH \/crm\/v3\/properties\/contacts\/([^/]+)$/.exec(route);
    if (patch) {
      const existing = portal.properties.get(decodeURIComponent(patch[1]!));
      if (!existing) return error(404, "OBJECT_NOT_FOUND", "Property does not exist");
      const body = patchBody.safeParse(json);
      if (!body.success) return error(400, "VALIDATION_ERROR", "Invalid property update");
      const updated = { ...existing, ...body.data };
      portal.properties.set(existing.name, updated);
      return send(200, updated);
    }
    const read = /^GET \/crm\/v3\/objects\/contacts\/(\d+)$/.exec(route);
    if (read) {
      const contact = [...portal.contacts.values()].find((c) => c.id === read[1]);
      if (!contact) return error(404, "OBJECT_NOT_FOUND", "resource not found");
      const wanted = (url.searchParams.get("properties") ?? "").split(",").filter(Boolean);
      const properties = Object.fromEntries(
        Object.entries(contact.properties).filter(([name]) => wanted.length === 0 || wanted.includes(name)),
      );
      return send(200, {
        id: contact.id,
        properties: { ...properties, hs_object_id: contact.id },
        createdAt: contact.createdAt,
        updatedAt: contact.updatedAt,
        archived: false,
      });
    }
    if (route === "POST /crm/v3/objects/contacts/batch/upsert")
      return this.batchUpsert(portal, json, record, send, error);
    return error(404, "OBJECT_NOT_FOUND", `No route for ${route}`);
  }

  private batchUpsert(
    portal: Portal,
    json: unknown,
    record: RecordedRequest,
    send: (status: number, body: unknown) => void,
    error: (status: number, category: string, message: string) => void,
  ) {
    const body = upsertBody.safeParse(json);
    if (!body.success)
      return error(
        400,
        "VALIDATION_ERROR",
        `Invalid input: ${body.error.issues[0]?.path.join(".")} ${body.error.issues[0]?.message}`,
      );
    record.inputs = body.data.inputs.length;
    if (body.data.inputs.length > 100)
      return error(400, "VALIDATION_ERROR", "Batch input size must be less than or equal to 100");
    const startedAt = new Date().toISOString();
    const results: unknown[] = [];
    const errors: unknown[] = [];
    const checked = body.data.inputs.map((input) => ({
      input,
      problems: this.validate(portal, input.properties),
    }));
    const invalid = checked.filter((c) => c.problems.length > 0);
    // Multi-status (207) only when every input carries an objectWriteTraceId; otherwise one invalid
    // input fails the whole request with a 400 and nothing is written (HubSpot's error handling).
    if (invalid.length && !body.data.inputs.every((i) => i.objectWriteTraceId))
      return error(
        400,
        "VALIDATION_ERROR",
        `Property values were not valid: ${JSON.stringify(invalid[0]!.problems)}`,
      );
    for (const { input, problems } of checked) {
      if (problems.length) {
        errors.push({
          status: "error",
          category: "VALIDATION_ERROR",
          message: `Property values were not valid: ${JSON.stringify(problems)}`,
          context: { objectWriteTraceId: [input.objectWriteTraceId] },
          errors: [],
          links: {},
        });
        continue;
      }
      const email = input.id.toLowerCase();
      const now = Date.now();
      const iso = new Date(now).toISOString();
      let contact = portal.contacts.get(email);
      const created = !contact;
      if (!contact) {
        contact = {
          id: String(this.nextContactId++),
          email,
          properties: { email },
          createdAt: iso,
          updatedAt: iso,
        };
        portal.contacts.set(email, contact);
      }
      for (const [name, value] of Object.entries(input.properties)) {
        contact.properties[name] = value;
        this.writes.push({ portalId: portal.id, email, property: name, value, at: now });
      }
      contact.updatedAt = iso;
      results.push({
        id: contact.id,
        new: created,
        archived: false,
        createdAt: contact.createdAt,
        updatedAt: contact.updatedAt,
        ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}),
        properties: { ...contact.properties, hs_object_id: contact.id },
      });
    }
    const completedAt = new Date().toISOString();
    if (errors.length)
      return send(207, {
        status: "COMPLETE",
        results,
        numErrors: errors.length,
        errors,
        startedAt,
        completedAt,
      });
    return send(200, { status: "COMPLETE", results, requestedAt: startedAt, startedAt, completedAt });
  }

  /**
   * HubSpot's checks of one input's property values, each problem in HubSpot's shape: an unknown
   * property (PROPERTY_DOESNT_EXIST), a value that is not one of an enumeration's or a checkbox's
   * options (INVALID_OPTION, naming the allowed values), a number or a datetime that does not parse
   * (INVALID_LONG), a date that is not a midnight (INVALID_DATE). An empty string clears a value.
   */
  private validate(portal: Portal, properties: Record<string, string>) {
    const problem = (name: string, error: string, message: string) => ({
      isValid: false,
      message,
      error,
      name,
      localizedErrorMessage: message,
    });
    return Object.entries(properties).flatMap(([name, value]) => {
      const property = portal.properties.get(name);
      if (!property) return [problem(name, "PROPERTY_DOESNT_EXIST", `Property "${name}" does not exist`)];
      if (value === "") return [];
      switch (property.type) {
        case "enumeration":
        case "bool": {
          const allowed =
            property.options?.map((o) => o.value) ?? (property.type === "bool" ? ["true", "false"] : []);
          return allowed.includes(value)
            ? []
            : [
                problem(
                  name,
                  "INVALID_OPTION",
                  `${value} was not one of the allowed options: [${allowed.join(", ")}]`,
                ),
              ];
        }
        case "number":
          return Number.isFinite(Number(value))
            ? []
            : [problem(name, "INVALID_LONG", `${value} was not a valid long.`)];
        case "datetime":
          return /^\d+$/.test(value) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)
            ? []
            : [problem(name, "INVALID_LONG", `${value} was not a valid long.`)];
        case "date": {
          const at = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
          return Number.isFinite(at) && at % 86_400_000 === 0
            ? []
            : [problem(name, "INVALID_DATE", `${value} is not a valid date at midnight UTC`)];
        }
        default:
          return [];
      }
    });
  }

  /** RFC 7009: the client authenticates; an unknown token is not an error (it is revoked either way). */
  private oauthRevoke(
    raw: string,
    send: (status: number, body: unknown) => void,
    error: (status: number, category: string, message: string) => void,
  ) {
    const form = new URLSearchParams(raw);
    if (
      form.get("client_id") !== (this.options.clientId ?? "local-hubspot-client-id") ||
      form.get("client_secret") !== (this.options.clientSecret ?? "local-hubspot-client-secret")
    ) {
      return error(401, "INVALID_AUTHENTICATION", "missing or invalid client_id / client_secret");
    }
    const token = form.get("token");
    if (!token) return error(400, "VALIDATION_ERROR", "token is required");
    this.refreshTokens.delete(token);
    return send(200, undefined);
  }

  private oauthToken(raw: string, send: (status: number, body: unknown) => void) {
    // The 2026-03 endpoint answers errors in RFC 6749's terms and keeps v1's status/message beside them.
    const oauthError = (code: string, status: string, message: string) =>
      send(400, { error: code, error_description: message, status, message });
    const form = new URLSearchParams(raw);
    if (
      form.get("client_id") !== (this.options.clientId ?? "local-hubspot-client-id") ||
      form.get("client_secret") !== (this.options.clientSecret ?? "local-hubspot-client-secret")
    ) {
      return oauthError("invalid_client", "BAD_CLIENT_ID", "missing or invalid client_id / client_secret");
    }
    let portalId: string | undefined;
    let refreshToken: string | undefined;
    if (form.get("grant_type") === "authorization_code") {
      const code = form.get("code") ?? "";
      portalId = this.codes.get(code);
      this.codes.delete(code);
      if (!portalId || !form.get("redirect_uri"))
        return oauthError("invalid_grant", "BAD_AUTH_CODE", "auth code not found");
      refreshToken = `refresh-${randomBytes(12).toString("hex")}`;
      this.refreshTokens.set(refreshToken, portalId);
    } else if (form.get("grant_type") === "refresh_token") {
      refreshToken = form.get("refresh_token") ?? "";
      portalId = this.refreshTokens.get(refreshToken);
      if (!portalId)
        return oauthError(
          "invalid_grant",
          "BAD_REFRESH_TOKEN",
          "refresh token is invalid, expired or revoked",
        );
    } else {
      return oauthError("unsupported_grant_type", "VALIDATION_ERROR", "unsupported grant_type");
    }
    const expiresIn = this.options.accessTokenSeconds ?? 1800;
    const accessToken = `access-${randomBytes(16).toString("hex")}`;
    this.tokens.set(accessToken, { portalId, expiresAt: Date.now() + expiresIn * 1000 });
    return send(200, {
      token_type: "bearer",
      refresh_token: refreshToken,
      access_token: accessToken,
      expires_in: expiresIn,
      scopes: [
        "oauth",
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
        "crm.schemas.contacts.write",
      ],
    });
  }
}

/** Starts a fake on a free 127.0.0.1 port. */
export async function startFakeHubSpot(options: FakeHubSpotOptions = {}) {
  const fake = new FakeHubSpot(options);
  await fake.start();
  return fake;
}
