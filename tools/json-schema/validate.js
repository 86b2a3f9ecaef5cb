// Validates JSON files against a JSON Schema (draft 2020-12), with ajv 8 (unknown keywords refused) and the formats of
// ajv-formats asserted (date-time, ...).
// Usage: node validate.js NODE_MODULES_DIR SCHEMA.json FILE.json...
// Exit 0 when every file is valid; 1 with the errors otherwise; 2 when the schema is not a valid draft 2020-12
// schema or ajv is missing.
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, schemaFile, ...files] = process.argv.slice(2);
let Ajv2020, addFormats;
try {
  Ajv2020 = require(path.resolve(modules, 'ajv/dist/2020')).default;
  addFormats = require(path.resolve(modules, 'ajv-formats')).default;
} catch (error) {
  console.error(`validate.js: ajv is missing under ${modules} ` +
                `(run tools/setup.sh, or npm ci --prefix tools/json-schema): ${error.message}`);
  process.exit(2);
}
const ajv = new Ajv2020({allErrors: true});
addFormats(ajv);
// Annotations VS Code reads: `doNotSuggest` hides a property from completion.
ajv.addKeyword({keyword: 'doNotSuggest', schemaType: 'boolean'});
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
} catch (error) {
  console.error(`${schemaFile}: not a valid JSON Schema: ${error.message}`);
  process.exit(2);
}
let failures = 0;
for (const file of files) {
  if (validate(JSON.parse(fs.readFileSync(file, 'utf8')))) {
    console.log(`${file}: valid`);
  } else {
    failures++;
    for (const error of validate.errors) {
      console.error(`${file}: ${error.instancePath || '/'}: ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
