// The measured side of `npm run bench:dispatch`, a process of its own (run with vite-node so it
// imports the app): the app's sweep claims every send due at BENCH_NOW in sets and enqueues their
// dispatch jobs, sweep after sweep until none is due, the way a worker's periodic task does.
// Prints one JSON line: claimed, sweeps, seconds, the slowest sweep, peak RSS.
import { sweepDueSends } from "../../app/campaigns/dispatch.server";
import { startBackground } from "../../app/server/composition.server";

const now = new Date(process.env.BENCH_NOW ?? "");
if (Number.isNaN(now.getTime())) throw new Error("BENCH_NOW is not a date");

const background = await startBackground({ worker: false });
let peakRss = process.memoryUsage.rss();
const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
const started = performance.now();
let claimed = 0;
let sweeps = 0;
let slowest = 0;
for (;;) {
  const sweepStarted = performance.now();
  const taken = await sweepDueSends(now);
  slowest = Math.max(slowest, performance.now() - sweepStarted);
  if (taken === 0) break;
  claimed += taken;
  sweeps++;
}
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
await background.stop();
console.log(
  JSON.stringify({ claimed, sweeps, seconds, slowestSweepMs: slowest, peakRssMb: peakRss / 2 ** 20 }),
);
