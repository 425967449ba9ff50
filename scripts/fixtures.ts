// Where the sample payloads are: the team's shared copy beside the project when present, else the
// copy in fixtures/ (so a clone works anywhere). See fixtures/README.md.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const sharedFixturesDir = path.resolve(root, "../shared/fixtures");
export const vendoredFixturesDir = path.join(root, "fixtures");
export const fixturesDir = fs.existsSync(sharedFixturesDir) ? sharedFixturesDir : vendoredFixturesDir;

export function readFixture(relative: string): string {
  return fs.readFileSync(path.join(fixturesDir, relative), "utf8");
}
