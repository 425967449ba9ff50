// A local stand-in for the Replyloop app's side of the survey contract (src/api.ts), on 127.0.0.1.
// It refuses what the app will refuse: a missing or wrong bearer token (401), a malformed query or
// body (400); it keeps one answer per order and question, and reports a resend as a duplicate.
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  ANSWERS_PATH,
  CONTRACT_VERSION,
  SURVEY_PATH,
  type AnswerRequest,
  type HiddenSurvey,
  type ShownSurvey,
  type Surface,
} from "../src/api";

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

export type SurveyConfig = Omit<ShownSurvey, "answered" | "version"> | Omit<HiddenSurvey, "version">;

export interface AppApi {
  url: string;
  /** The only token the stand-in accepts (what the `shopify` stand-in's sessionToken.get returns). */
  token: string;
  survey: SurveyConfig;
  /** Every request, refused or not, in order. */
  requests: ReceivedRequest[];
  /** Answers kept: one per order and question. */
  answers: AnswerRequest[];
  /** The next `times` requests to `path` fail with `status`. */
  failNext(path: string, status: number, times?: number): void;
  close(): Promise<void>;
}

const isSurface = (s: string | null | undefined): s is Surface => s === "thank_you" || s === "order_status";

function field(body: object, name: string): string | undefined {
  const value: unknown = Reflect.get(body, name);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function parseAnswer(body: unknown): AnswerRequest | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const [surface, orderId, questionKey, value, idempotencyKey, locale] = [
    "surface",
    "orderId",
    "questionKey",
    "value",
    "idempotencyKey",
    "locale",
  ].map((name) => field(body, name));
  if (!isSurface(surface) || !orderId || !questionKey || !value || !idempotencyKey || !locale)
    return undefined;
  return { surface, orderId, questionKey, value, idempotencyKey, locale };
}

async function readBody(request: http.IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of request) text += String(chunk);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startAppApi(
  survey: SurveyConfig,
  token = "session-token-for-the-test",
): Promise<AppApi> {
  const failures: { path: string; status: number; times: number }[] = [];
  const api: Omit<AppApi, "url"> & { url: string } = {
    url: "",
    token,
    survey,
    requests: [],
    answers: [],
    failNext(path, status, times = 1) {
      failures.push({ path, status, times });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };

  const send = (response: http.ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, {
      "Content-Type": "application/json",
      "Access-Control-Allow-Origin": "*",
    });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const received: ReceivedRequest = {
        method: request.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        authorization: request.headers.authorization,
        body: await readBody(request),
      };
      api.requests.push(received);

      if (received.method === "OPTIONS") {
        response.writeHead(204, {
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
          "Access-Control-Allow-Methods": "GET, POST",
        });
        return response.end();
      }
      const failure = failures.find((f) => f.path === url.pathname && f.times > 0);
      if (failure) {
        failure.times -= 1;
        return send(response, failure.status, { error: `failing on purpose (${failure.status})` });
      }
      if (received.authorization !== `Bearer ${api.token}`)
        return send(response, 401, { error: "bad token" });

      if (received.method === "GET" && url.pathname === SURVEY_PATH) {
        const surface = url.searchParams.get("surface");
        const orderId = url.searchParams.get("orderId");
        if (!isSurface(surface) || !orderId || !url.searchParams.get("locale"))
          return send(response, 400, { error: "surface, orderId and locale are required" });
        if (!api.survey.show) return send(response, 200, { version: CONTRACT_VERSION, ...api.survey });
        const answered = Object.fromEntries(
          api.answers.filter((a) => a.orderId === orderId).map((a) => [a.questionKey, a.value]),
        );
        return send(response, 200, { version: CONTRACT_VERSION, ...api.survey, answered });
      }

      if (received.method === "POST" && url.pathname === ANSWERS_PATH) {
        const answer = parseAnswer(received.body);
        if (!answer) return send(response, 400, { error: "malformed answer" });
        const duplicate = api.answers.some(
          (a) =>
            a.idempotencyKey === answer.idempotencyKey ||
            (a.orderId === answer.orderId && a.questionKey === answer.questionKey),
        );
        if (!duplicate) api.answers.push(answer);
        return send(response, 200, { version: CONTRACT_VERSION, recorded: true, duplicate });
      }
      return send(response, 404, { error: "not found" });
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

/** The default post-purchase questions, as the app would send them in French. */
export const FRENCH_SURVEY = {
  show: true,
  locale: "fr",
  question: {
    key: "nps",
    prompt: "Quelle est la probabilité que vous nous recommandiez à un ami ?",
    min: 0,
    max: 10,
    minLabel: "Peu probable",
    maxLabel: "Très probable",
  },
  followUps: [
    {
      values: ["9", "10"],
      question: {
        key: "nps_loved",
        prompt: "Merci ! Qu'avez-vous le plus aimé ?",
        choices: [
          { value: "product_quality", label: "La qualité des produits" },
          { value: "delivery", label: "La livraison rapide" },
        ],
      },
    },
    {
      values: ["7", "8"],
      question: {
        key: "nps_improve",
        prompt: "Que faudrait-il pour mériter un 10 ?",
        choices: [
          { value: "price", label: "Des prix plus bas" },
          { value: "delivery", label: "Une livraison plus rapide" },
        ],
      },
    },
    {
      values: ["0", "1", "2", "3", "4", "5", "6"],
      question: {
        key: "nps_went_wrong",
        prompt: "Nous sommes désolés. Qu'est-ce qui n'a pas été ?",
        choices: [
          { value: "product_quality", label: "Le produit" },
          { value: "service", label: "Le service client" },
        ],
      },
    },
  ],
  texts: {
    thanks: "Merci pour votre avis !",
    error: "Votre réponse n'a pas pu être enregistrée.",
    retry: "Réessayer",
  },
} satisfies SurveyConfig;
