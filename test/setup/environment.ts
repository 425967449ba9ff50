// The environment every test file starts from: the .env.example values, with test ports. Set before
// any app module is imported (app/env.server.ts validates at import).
import { readEnvExample } from "../../scripts/env-example";

Object.assign(process.env, readEnvExample());
process.env.NODE_ENV = "test";
process.env.LOG_LEVEL = "warn";
process.env.SHOPIFY_APP_URL = "http://127.0.0.1:3000";
// Tests drive jobs explicitly; nothing polls in the background.
process.env.JOBS_IN_PROCESS = "false";
