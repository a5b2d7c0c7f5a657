import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { CONFIG_FILE_NAME, loadConfigFile } from '../../server/src/engine/config.ts';
import { lintFile } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { resolveNamespace } from '../../server/src/engine/namespaces.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace.ts';
import { lintOptions } from '../helpers/lint.ts';

const DIR = join('examples', 'admission');

test('examples/admission: the failing Deployment breaks all three validations, the passing one none', () => {
  const options = lintOptions(loadConfigFile(join('examples', CONFIG_FILE_NAME), ALL_RULES));
  const files = readdirSync(DIR).filter((name) => name.endsWith('.yaml')).map((name) => parseManifestFile(join(DIR, name), readFileSync(join(DIR, name), 'utf8')));
  const index = new WorkspaceIndex();
  for (const file of files) index.setFile(file.path, factsOfFile(file, (path, object) => resolveNamespace(path, object, options.config)));
  const found = files.flatMap((file) =>
    lintFile(file, { ...options, index })
      .filter((finding) => finding.ruleId === 'admission-policy-violation')
      .map((finding) => `${file.path.split('/').pop()}:${file.lines.position(finding.start).line + 1} ${finding.severity} ${finding.message.split(' (')[0]}`),
  );
  assert.deepEqual(found, [
    'deployment-fail.yaml:7 error every Deployment has a team label',
    'deployment-fail.yaml:10 error replicas must be at most 5 in namespace prod, not 8',
    'deployment-fail.yaml:27 error images only from registry.example.com',
  ]);
});
