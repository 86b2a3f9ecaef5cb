// Times @bufbuild/cel on the expressions of bench/cel_vs_js_exprs.txt, in process: each expression
// is parsed and planned once, then evaluated repeatedly. Times are CPU time of the process (the
// machine may be shared), as on the C++ side. Prints "name<TAB>ns per evaluation<TAB>result".
// Run by bench/cel_vs_js.sh; usage: node bench/cel_vs_js.js EXPRESSIONS_FILE [MIN_SECONDS].
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");
// The packages pinned by bench/js/package-lock.json.
const requirePinned = createRequire(path.join(__dirname, "js", "package.json"));
const cel = requirePinned("@bufbuild/cel");
const { strings } = requirePinned("@bufbuild/cel/ext");
const wkt = requirePinned("@bufbuild/protobuf/wkt");
const { create } = requirePinned("@bufbuild/protobuf");

const [file, minSecondsArg] = process.argv.slice(2);
const minSeconds = Number(minSecondsArg || "0.5");

const bindings = {
  i: 42n,
  f: 2.5,
  s: "The quick brown fox jumps over the lazy dog",
  xs: Array.from({ length: 10000 }, (_, k) => BigInt(k)),
  names: Array.from({ length: 10000 }, (_, k) => `name-${k}`),
  m: new Map(Array.from({ length: 1000 }, (_, k) => [`k${k}`, BigInt(k)])),
  t1: wkt.timestampFromMs(Date.UTC(2024, 1, 27, 8, 30, 0)),
  d: create(wkt.DurationSchema, { seconds: 5400n }),
};

function format(value) {
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (cel.isCelError(value)) return `error: ${value.message}`;
  return "-";
}

const env = cel.celEnv({ funcs: strings });
for (const line of fs.readFileSync(file, "utf8").split("\n")) {
  if (line === "" || line.startsWith("#")) continue;
  const [name, expression] = line.split("\t");
  const program = cel.plan(env, cel.parse(expression));
  let result = program(bindings);
  // Warm up, then time batches until the minimum time has passed; the best batch counts.
  let best = Infinity;
  let spent = 0;
  let batch = 1;
  while (spent < minSeconds) {
    const start = process.cpuUsage();
    for (let k = 0; k < batch; ++k) result = program(bindings);
    const used = process.cpuUsage(start);
    const seconds = (used.user + used.system) / 1e6;
    spent += seconds;
    if (seconds < 0.01) {
      batch *= 2;
      continue;
    }
    best = Math.min(best, (seconds * 1e9) / batch);
  }
  if (best === Infinity) best = (spent * 1e9) / batch;
  process.stdout.write(`${name}\t${best.toFixed(1)}\t${format(result)}\n`);
}
