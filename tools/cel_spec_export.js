#!/usr/bin/env node
// Exports the CEL conformance suite of the npm package @bufbuild/cel-spec (pinned in
// tools/cel-spec/package.json) into a directory, for tests/conformance to read:
//
//   descriptors.binpb   a google.protobuf.FileDescriptorSet (binary) with the conformance protos
//                       (TestAllTypes proto2/proto3, cel.expr.Value, SimpleTest, ...) and every file
//                       they import, the well-known types included, dependencies before dependents.
//   tests/SECTION.json  one per top-level section (basic, comparisons, ...): a
//                       cel.expr.conformance.test.SimpleTestFile in protobuf JSON whose `section`s are
//                       the package's suites and whose tests are the package's SimpleTests, verbatim.
//   tests/SECTION.binpb the same SimpleTestFile in binary, which the C++ runner reads: protobuf
//                       3.21's C++ JSON parser cannot read extension fields ("[pkg.ext]": ...) nor an
//                       Any that packs a null google.protobuf.Value, both of which the suite uses.
//   VERSION             the package name and version the data came from.
//
// Usage: node tools/cel_spec_export.js OUTPUT_DIR   (after `npm ci --prefix tools/cel-spec`)
// Plain Node.js; the only modules used are the package and its dependency @bufbuild/protobuf.
"use strict";

const fs = require("fs");
const path = require("path");

const moduleRoot = path.join(__dirname, "cel-spec", "node_modules");
function requireFromPackage(name) {
  return require(require.resolve(name, { paths: [moduleRoot] }));
}

const protobuf = requireFromPackage("@bufbuild/protobuf");
const wkt = requireFromPackage("@bufbuild/protobuf/wkt");
const conformance = requireFromPackage("@bufbuild/cel-spec/testdata/conformance.js");
const { getTestRegistry } = requireFromPackage("@bufbuild/cel-spec/testdata/registry.js");
const { SimpleTestFileSchema } =
    requireFromPackage("@bufbuild/cel-spec/cel/expr/conformance/test/simple_pb.js");
const descriptorModules = [
  "@bufbuild/cel-spec/cel/expr/conformance/proto2/test_all_types_pb.js",
  "@bufbuild/cel-spec/cel/expr/conformance/proto2/test_all_types_extensions_pb.js",
  "@bufbuild/cel-spec/cel/expr/conformance/proto3/test_all_types_pb.js",
  "@bufbuild/cel-spec/cel/expr/conformance/test/simple_pb.js",
  "@bufbuild/cel-spec/cel/expr/value_pb.js",
  "@bufbuild/cel-spec/cel/expr/eval_pb.js",
  "@bufbuild/cel-spec/cel/expr/checked_pb.js",
  "@bufbuild/cel-spec/cel/expr/syntax_pb.js",
];

const kWellKnownTypeFiles = ["any", "duration", "empty", "field_mask", "struct", "timestamp", "wrappers"];

// Every DescFile exported by the given modules (the `file_*` exports), plus the well-known types
// the suite's JSON may name in `@type` even where no conformance file imports them.
function rootFiles() {
  const files = [];
  for (const name of descriptorModules) {
    const module = requireFromPackage(name);
    for (const [key, value] of Object.entries(module)) {
      if (key.startsWith("file_")) files.push(value);
    }
  }
  for (const name of kWellKnownTypeFiles) files.push(wkt[`file_google_protobuf_${name}`]);
  return files;
}

// The files in dependency order (a file after everything it imports), each once.
function topologicalOrder(roots) {
  const ordered = [];
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file.proto.name)) return;
    seen.add(file.proto.name);
    for (const dependency of file.dependencies) visit(dependency);
    ordered.push(file);
  };
  for (const file of roots) visit(file);
  return ordered;
}

// One top-level section of the suite as a cel.expr.conformance.test.SimpleTestFile in protobuf
// JSON: its suites become `section`s and each test's `original` SimpleTest is kept verbatim.
function sectionAsSimpleTestFile(section) {
  const sections = [];
  const walk = (suite, name) => {
    if (suite.tests && suite.tests.length > 0) {
      sections.push({ name, test: suite.tests.map((test) => test.original) });
    }
    for (const child of suite.suites || []) walk(child, name ? `${name}/${child.name}` : child.name);
  };
  walk(section, "");
  return { name: section.name, section: sections };
}

function main() {
  const outputDir = process.argv[2];
  if (!outputDir) {
    process.stderr.write("usage: node tools/cel_spec_export.js OUTPUT_DIR\n");
    process.exit(64);
  }
  fs.mkdirSync(outputDir, { recursive: true });
  const registry = getTestRegistry();

  const files = topologicalOrder(rootFiles());
  const set = protobuf.create(wkt.FileDescriptorSetSchema, { file: files.map((f) => f.proto) });
  fs.writeFileSync(path.join(outputDir, "descriptors.binpb"),
                   protobuf.toBinary(wkt.FileDescriptorSetSchema, set));

  const packageJson = JSON.parse(fs.readFileSync(
      path.join(moduleRoot, "@bufbuild", "cel-spec", "package.json"), "utf8"));
  const testsDir = path.join(outputDir, "tests");
  fs.rmSync(testsDir, { recursive: true, force: true });
  fs.mkdirSync(testsDir);
  let testCount = 0;
  for (const section of conformance.tests.suites) {
    const file = sectionAsSimpleTestFile(section);
    // Fails here, not in the C++ test, if the package ships JSON that does not match the schema.
    const message = protobuf.fromJson(SimpleTestFileSchema, file, { registry });
    testCount += file.section.reduce((n, s) => n + s.test.length, 0);
    fs.writeFileSync(path.join(testsDir, `${section.name}.json`), JSON.stringify(file, null, 1) + "\n");
    fs.writeFileSync(path.join(testsDir, `${section.name}.binpb`),
                     protobuf.toBinary(SimpleTestFileSchema, message, { writeUnknownFields: false }));
  }
  fs.writeFileSync(path.join(outputDir, "VERSION"), `${packageJson.name}@${packageJson.version}\n`);
  process.stdout.write(`${packageJson.name}@${packageJson.version}: ${files.length} descriptor files, ` +
                       `${conformance.tests.suites.length} sections, ${testCount} tests -> ${outputDir}\n`);
}

main();
