// Used only by prisma.config.ts (the Prisma 6.19 CLI with the JS schema engine on PostgreSQL).
// Never imported by the app at run time. Two known problems of @prisma/adapter-pg under the CLI:
//  1. prisma/prisma#27403 — introspection reads catalog columns of types `name`, `"char"`, … which
//     the adapter cannot deserialize ("Column type 'name' could not be deserialized"). We report
//     those catalog types to the adapter as `text`.
//  2. Its shadow database is created through the main connection and dropped while the shadow
//     pool is still open, which fails and leaks `prisma_migrate_shadow_db_*` databases. We create
//     and drop the shadow database ourselves, closing the pool before DROP … WITH (FORCE).
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { postgresFields } from "../app/db/database-url.ts";

type Field = { dataTypeID: number };
type ResultProto = { addFields(fields: Field[]): void; replyloopCatalogTypesAsText?: boolean };

// "char", name, int2vector, regproc, oidvector, pg_node_tree, regclass, regtype → text; name[] → text[]
const CATALOG_TYPES_AS_TEXT = new Set([18, 19, 22, 24, 30, 194, 2205, 2206]);
const TEXT = 25;
const NAME_ARRAY = 1003;
const TEXT_ARRAY = 1009;

const requireFromHere = createRequire(import.meta.url);
const { prototype } = requireFromHere("pg/lib/result.js") as { prototype: ResultProto };
if (!prototype.replyloopCatalogTypesAsText) {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with .call below
  const addFields = prototype.addFields;
  prototype.addFields = function (this: ResultProto, fields: Field[]) {
    for (const field of fields) {
      if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT;
      else if (field.dataTypeID === NAME_ARRAY) field.dataTypeID = TEXT_ARRAY;
    }
    return addFields.call(this, fields);
  };
  prototype.replyloopCatalogTypesAsText = true;
}

export class PrismaPgForCli extends PrismaPg {
  readonly #fields: pg.PoolConfig;

  constructor(url: string) {
    const fields = postgresFields(url);
    super(fields);
    this.#fields = fields;
  }

  override async connectToShadowDb() {
    const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client(this.#fields);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const shadow = await new PrismaPg({ ...this.#fields, database: name }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return shadow;
  }
}
