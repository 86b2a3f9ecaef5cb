// Validates SARIF files against the SARIF 2.1.0 JSON schema (draft-04), with ajv.
// Usage: node validate_sarif.js NODE_MODULES_DIR FILE.sarif...
// Exit 0 when every file is valid; 1 with the schema errors otherwise; 2 when the schema or ajv is missing.
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, ...files] = process.argv.slice(2);
let Ajv, schema, draft4;
try {
  Ajv = require(path.resolve(modules, 'ajv'));
  draft4 = require(path.resolve(modules, 'ajv/lib/refs/json-schema-draft-04.json'));
  schema = require(path.resolve(modules, '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
} catch (error) {
  console.error(`validate_sarif: the SARIF schema or ajv is missing under ${modules} ` +
                `(run tools/setup.sh, or npm ci --prefix tools/sarif-schema): ${error.message}`);
  process.exit(2);
}
const ajv = new Ajv({schemaId: 'auto', allErrors: true, validateSchema: false});
ajv.addMetaSchema(draft4);
const validate = ajv.compile(schema);
let failures = 0;
for (const file of files) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(log)) {
    console.log(`${file}: valid SARIF 2.1.0`);
  } else {
    failures++;
    for (const error of validate.errors) {
      console.error(`${file}: ${error.dataPath || '/'}: ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
