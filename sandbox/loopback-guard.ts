// Loaded with `node --import` into every sandbox process: the sandbox runs on 127.0.0.1 only.
// A connection to any other address is refused and written to SANDBOX_NETWORK_LOG, so tests (and
// anyone curious) can see that nothing left the machine. Plain Node type stripping: erasable TS only.
import fs from "node:fs";
import net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const logFile = process.env.SANDBOX_NETWORK_LOG;

type ConnectArgs = Parameters<net.Socket["connect"]>;
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with .apply below
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function (this: net.Socket, ...args: ConnectArgs) {
  const [first, second] = args as unknown[];
  const options = typeof first === "object" && first !== null ? (first as net.TcpNetConnectOpts) : undefined;
  const isPath = options !== undefined && "path" in options;
  const host = options ? (options.host ?? "localhost") : typeof second === "string" ? second : "localhost";
  if (!isPath && !LOOPBACK.has(host)) {
    const line = `${new Date().toISOString()} pid ${process.pid} refused ${host}\n`;
    if (logFile) fs.appendFileSync(logFile, line);
    process.nextTick(() =>
      this.destroy(new Error(`The sandbox stays on 127.0.0.1: refused a connection to ${host}`)),
    );
    return this;
  }
  return connect.apply(this, args);
} as typeof connect;
