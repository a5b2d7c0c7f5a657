// Every fix, safe or unsafe, applied on its own to the manifests of examples/, the real-repository
// excerpts and the rules' invalid fixtures leaves YAML that parses. The per-rule fixture tests
// apply fixes to their own small manifests; this one meets the fixes with other shapes (a
// container whose last key is volumeMounts once turned an emptyDir fix's mount into a child of
// the securityContext it added).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintText } from '../../server/src/engine/lint.ts';
import { applyEdits } from '../../server/src/engine/fix.ts';
import { indexOf, lintOptions, parseErrorsOf } from '../helpers/lint.ts';
import { yamlFilesUnder } from '../helpers/files.ts';

const ROOT = join(import.meta.dirname, '../..');
const SOURCES = ['examples', 'test/fixtures/real', 'test/rules'];

test('every fix applied alone leaves YAML that parses', () => {
  const broken: string[] = [];
  let applied = 0;
  for (const source of SOURCES) {
    for (const path of yamlFilesUnder(join(ROOT, source), { skipHidden: true }).filter((path) => !path.endsWith('.fixed.yaml'))) {
      const text = readFileSync(path, 'utf8');
      if (parseErrorsOf(text).length > 0) continue;
      const name = relative(ROOT, path);
      const { findings } = lintText(name, text, { ...lintOptions(), index: indexOf({ [name]: text }) });
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          if (fix.edits.length === 0) continue;
          applied++;
          const errors = parseErrorsOf(applyEdits(text, fix.edits));
          if (errors.length > 0) broken.push(`${name}: ${finding.ruleId}: "${fix.title}": ${errors[0].split('\n')[0]}`);
        }
      }
    }
  }
  assert.ok(applied > 500, `only ${applied} fixes applied`);
  assert.deepEqual(broken, []);
});
