// docs/API.md is generated from the package's declarations (scripts/api-docs.mjs): it must be
// what the generator writes now, and name every value and type the declarations export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { API_DOC, DECLARATIONS, apiDocument } from '../../scripts/api-docs.mjs';

test('docs/API.md is up to date with js/webcodecs-wasm.d.ts (run node scripts/api-docs.mjs)', () => {
  assert.equal(readFileSync(API_DOC, 'utf8'), apiDocument());
});

test('docs/API.md names every export of the declarations', () => {
  const doc = readFileSync(API_DOC, 'utf8');
  const names = [...readFileSync(DECLARATIONS, 'utf8').matchAll(/^export (?:declare )?(?:const|function|type|interface) (\w+)/gm)].map((m) => m[1]);
  assert.ok(names.length > 60, `${names.length} exports`);
  for (const name of new Set(names)) assert.ok(doc.includes(`\`${name}\``), name);
});
