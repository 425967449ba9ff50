import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sharedFixturesDir, vendoredFixturesDir } from "./fixtures";

const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name],
    );

describe.skipIf(!fs.existsSync(sharedFixturesDir))("the project's copy of the sample payloads", () => {
  it("matches ../shared/fixtures file for file", () => {
    const shared = files(sharedFixturesDir).sort();
    expect(
      files(vendoredFixturesDir)
        .filter((f) => f !== "README.md")
        .sort(),
    ).toEqual(shared);
    for (const file of shared) {
      expect(fs.readFileSync(path.join(vendoredFixturesDir, file), "utf8"), file).toBe(
        fs.readFileSync(path.join(sharedFixturesDir, file), "utf8"),
      );
    }
  });
});
