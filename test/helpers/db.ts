import { Prisma } from "@prisma/client";
import db from "../../app/db.server";

type Table = { deleteMany(): Promise<unknown>; findMany(): Promise<unknown[]> };
const table = (model: Prisma.ModelName) =>
  Reflect.get(db, model.charAt(0).toLowerCase() + model.slice(1)) as Table;

/** Empties every table of this test file's database (between tests that need a clean slate). */
export async function resetDatabase() {
  for (const model of Object.values(Prisma.ModelName)) await table(model).deleteMany();
}

/** Every row of every table, as JSON text, to search for leftovers. */
export async function allRows(): Promise<{ model: string; text: string }[]> {
  const rows: { model: string; text: string }[] = [];
  for (const model of Object.values(Prisma.ModelName)) {
    for (const row of await table(model).findMany()) {
      rows.push({
        model,
        text: JSON.stringify(row, (_key, value: unknown) =>
          typeof value === "bigint" ? String(value) : value,
        ),
      });
    }
  }
  return rows;
}
