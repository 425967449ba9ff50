// Two things that fail any test: a connection to anything but this machine, and a console.error
// the test did not announce with allowConsoleError().
import net from "node:net";
import { afterEach, beforeEach } from "vitest";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const blocked: string[] = [];

type ConnectArgs = Parameters<net.Socket["connect"]>;
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with .apply below
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: ConnectArgs) {
  const [first, second] = args as unknown[];
  const options = typeof first === "object" && first !== null ? (first as net.TcpNetConnectOpts) : undefined;
  const host = options ? (options.host ?? "localhost") : typeof second === "string" ? second : "localhost";
  const isPath = options !== undefined && "path" in options;
  if (!isPath && !LOOPBACK.has(host)) {
    blocked.push(host);
    process.nextTick(() => this.destroy(new Error(`Blocked connection to ${host}: tests stay on 127.0.0.1`)));
    return this;
  }
  return connect.apply(this, args);
} as typeof connect;

let errors: unknown[][] = [];
let allowed: RegExp[] = [];
const originalError = console.error;

/** Declares that this test expects console.error output matching `pattern`. */
export function allowConsoleError(pattern: RegExp) {
  allowed.push(pattern);
}

/** Hosts outside this machine that code under test tried to reach. */
export function blockedHosts(): readonly string[] {
  return blocked;
}

beforeEach(() => {
  errors = [];
  allowed = [];
  console.error = (...args: unknown[]) => {
    errors.push(args);
    originalError(...args);
  };
});

afterEach(() => {
  console.error = originalError;
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(" ");
  const unexpected = errors.filter((args) => !allowed.some((p) => p.test(text(args))));
  if (unexpected.length) throw new Error(`Unexpected console.error:\n${unexpected.map(text).join("\n")}`);
  if (blocked.length) throw new Error(`Blocked network access to: ${blocked.splice(0).join(", ")}`);
});
