// Compile JSON Schemas with ajv's default options (strict mode) and validate records.
//
// Usage: node tools/ajv_check.mjs CASES.json
// CASES.json: {"schemas": {name: schema}, "cases": [[name, record], ...]}
// Prints {"compiled": {name: "ok" | error message}, "verdicts": [true|false|null, ...]}.
// ajv and ajv-formats are looked up in $BBIC_SU_NODE_MODULES (default .ci/node/node_modules),
// installed by CI with: npm install --prefix .ci/node ajv ajv-formats
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const modules = process.env.BBIC_SU_NODE_MODULES || path.resolve(".ci/node/node_modules");
const require = createRequire(path.join(modules, "noop.js"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const compiled = {};
const validators = {};
for (const [name, schema] of Object.entries(input.schemas)) {
  const ajv = new Ajv2020(); // default options: strict mode on
  addFormats(ajv);
  try {
    validators[name] = ajv.compile(schema);
    compiled[name] = "ok";
  } catch (err) {
    compiled[name] = String(err.message);
  }
}
const verdicts = input.cases.map(([name, record]) =>
  validators[name] ? Boolean(validators[name](record)) : null,
);
process.stdout.write(JSON.stringify({ compiled, verdicts }));
