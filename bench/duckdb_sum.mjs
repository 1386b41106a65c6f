// make bench: the DuckDB comparison. Sums the token fields of every record of
// the given JSON Lines objects (gzip) with DuckDB's read_json, all cores, no
// day filter, like bench/python_baseline.py; prints one JSON line.
//
// Usage: node bench/duckdb_sum.mjs NODE_MODULES_DIR --columns|--auto FILE...
// --columns names the four token fields' types (DuckDB's best case: it skips
// everything else); --auto lets read_json infer the schema from the records,
// bodies included, as a first-time user would. NODE_MODULES_DIR holds
// @duckdb/node-api (make bench installs it into build-bench/node_modules,
// never into the repository). Exits 1 with a message on stderr when DuckDB fails.
import { createRequire } from "node:module";
import path from "node:path";

const [modules, mode, ...files] = process.argv.slice(2);
if (!modules || !["--columns", "--auto"].includes(mode) || files.length === 0) {
  console.error("usage: duckdb_sum.mjs NODE_MODULES_DIR --columns|--auto FILE...");
  process.exit(2);
}
const require = createRequire(path.resolve(modules, "..", "package.json"));
const { DuckDBInstance } = require("@duckdb/node-api");

const quote = (text) => "'" + text.replaceAll("'", "''") + "'";
const list = "[" + files.map((f) => quote(path.resolve(f))).join(", ") + "]";
const columns =
  mode === "--columns"
    ? `, columns = {input: 'STRUCT(inputTokenCount BIGINT, cacheReadInputTokenCount BIGINT, ` +
      `cacheWriteInputTokenCount BIGINT)', output: 'STRUCT(outputTokenCount BIGINT)'}`
    : "";
const sql = `
  SELECT count(*) AS records,
         coalesce(sum(input.inputTokenCount), 0) AS input,
         coalesce(sum(output.outputTokenCount), 0) AS output,
         coalesce(sum(input.cacheReadInputTokenCount), 0) AS cache_read,
         coalesce(sum(input.cacheWriteInputTokenCount), 0) AS cache_write
  FROM read_json(${list}, format = 'newline_delimited'${columns})`;

try {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const row = reader.getRowObjects()[0];
  const sums = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  console.log(JSON.stringify(sums));
} catch (error) {
  console.error(`duckdb: ${error.message}`);
  process.exit(1);
}
