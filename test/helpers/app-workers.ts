// Worker processes of the production build for the fault tests (test/workers/app-worker.ts: exactly
// `node server.ts --worker`, on an app clock running `speed` times faster than the real one, shared
// by every worker), started, SIGKILLed and started again by the test.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { readEnvExample } from "../../scripts/env-example";

const root = path.resolve(import.meta.dirname, "../..");
const STARTED = "Replyloop worker started";

export type AppWorkersOptions = {
  /** App time at `realStart`. */
  origin: string;
  /** Real time (ms) at which the app clock reads `origin`. */
  realStart: number;
  speed: number;
  /** Configuration beside .env.example's and the database's: the vendors' stand-ins, mostly. */
  env: Record<string, string>;
};

export class AppWorkers {
  readonly #children = new Set<ChildProcess>();
  #output = "";

  constructor(private readonly options: AppWorkersOptions) {}

  /** What every worker printed, for a failing assertion's message. */
  output(lastChars = 4_000) {
    return this.#output.slice(-lastChars);
  }

  /** Starts a worker (`env` beside the pool's); resolves once it runs its jobs and periodic tasks. */
  start(env: Record<string, string> = {}): Promise<ChildProcess> {
    const { origin, realStart, speed } = this.options;
    const child = spawn(process.execPath, ["test/workers/app-worker.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        ...readEnvExample(),
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        DATABASE_URL: process.env.DATABASE_URL ?? "",
        JOB_POLL_INTERVAL_MS: "200",
        JOB_LEASE_SECONDS: "1",
        APP_CLOCK_ORIGIN: origin,
        APP_CLOCK_REAL_START: String(realStart),
        APP_CLOCK_SPEED: String(speed),
        ...this.options.env,
        ...env,
      },
      stdio: "pipe",
    });
    this.#children.add(child);
    child.once("exit", () => this.#children.delete(child));
    let own = "";
    return new Promise<ChildProcess>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        own += d.toString();
        this.#output += d.toString();
        if (own.includes(STARTED)) resolve(child);
      });
      child.stderr.on("data", (d: Buffer) => (this.#output += d.toString()));
      child.once("exit", (code, signal) =>
        reject(new Error(`worker exited (${code ?? signal}):\n${this.output()}`)),
      );
    });
  }

  /** SIGKILL: no shutdown, no cleanup; resolves once the process is gone. */
  kill(child: ChildProcess) {
    return new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  async killAll() {
    await Promise.all([...this.#children].map((child) => this.kill(child)));
  }
}
