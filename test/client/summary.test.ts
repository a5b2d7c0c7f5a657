import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCounts, describeFileStatus, describeScanSummary, describeScanToast, summaryFromDiagnostics } from '../../client/src/summary.ts';

const counts = (error: number, warning: number, info: number, hint: number) => ({ error, warning, info, hint });

test('counts name only the non-zero severities, in severity order', () => {
  assert.equal(describeCounts(counts(2, 1, 0, 3)), '2 errors, 1 warning, 3 hints');
  assert.equal(describeCounts(counts(0, 0, 4, 0)), '4 info');
  assert.equal(describeCounts(counts(0, 0, 0, 0)), 'no findings');
});

test('the scan summary lists files, findings and the top rules', () => {
  const text = describeScanSummary({
    files: 12,
    skipped: 1,
    findings: counts(1, 5, 0, 0),
    topRules: [{ rule: 'run-as-root', count: 4 }, { rule: 'host-port', count: 2 }],
    cancelled: false,
  });
  assert.equal(
    text,
    'Workspace scan finished: 12 YAML file(s) checked, 1 skipped; 1 error, 5 warnings.\nTop rules:\n      4  run-as-root\n      2  host-port',
  );
});

test('a cancelled scan says so', () => {
  assert.match(describeScanSummary({ files: 3, skipped: 0, findings: counts(0, 0, 0, 0), topRules: [], cancelled: true }), /^Workspace scan cancelled: 3 YAML file\(s\) checked; no findings\.$/);
});

test('the language status shows the profile and the count, or why the file is not checked', () => {
  assert.deepEqual(describeFileStatus({ profile: 'restricted', counts: counts(1, 2, 0, 0) }), {
    text: '$(shield) restricted · 3',
    detail: 'Kube Hardener profile restricted; this file: 1 error, 2 warnings',
  });
  assert.equal(describeFileStatus({ profile: 'baseline', counts: counts(0, 0, 0, 0) }).text, '$(shield) baseline');
  assert.equal(describeFileStatus({ profile: 'baseline', enabled: false, counts: counts(0, 0, 0, 0) }).text, '$(shield) off');
  assert.match(describeFileStatus({ profile: 'baseline', skipped: 'excluded', counts: counts(0, 0, 0, 0) }).detail, /excluded/);
});

test('the scan toast names a single skipped file and its reason; the details list every one', () => {
  const base = { files: 3, skipped: 1, findings: { error: 1, warning: 0, info: 0, hint: 0 }, topRules: [] };
  const one = { ...base, skippedFiles: [{ path: 'charts/t.yaml', reason: 'Helm or Go template' }] };
  assert.equal(describeScanToast(one), 'Kube Hardener: Scanned 3 file(s): 1 error. Skipped charts/t.yaml (Helm or Go template).');
  assert.match(describeScanSummary(one), /Not checked:\n {2}charts\/t\.yaml: Helm or Go template/);
  const many = { ...base, skipped: 2, skippedFiles: [{ path: 'a.yaml', reason: 'binary file' }, { path: 'b.yaml', reason: 'binary file' }] };
  assert.match(describeScanToast(many), /2 skipped \(see details\)\.$/);
});

test('new diagnostics update the counts and the skipped reason without the server; settings stay', () => {
  const previous = { profile: 'restricted', enabled: true, counts: counts(1, 0, 0, 0) };
  const diagnostics = [
    { severity: 0, source: 'kube-hardener', code: { value: 'privileged-container' }, message: 'x' },
    { severity: 1, source: 'kube-hardener', code: 'run-as-root', message: 'x' },
    { severity: 3, source: 'kube-hardener', code: 'image-mutable-tag', message: 'x' },
    { severity: 0, source: 'YAML', code: 1, message: 'another extension' },
  ];
  assert.deepEqual(summaryFromDiagnostics(previous, diagnostics), { profile: 'restricted', enabled: true, skipped: undefined, counts: counts(1, 1, 0, 1) });
  const skipped = [{ severity: 2, source: 'kube-hardener', code: 'skipped-file', message: 'kube-hardener did not check this file: not Kubernetes YAML' }];
  assert.deepEqual(summaryFromDiagnostics(previous, skipped), { profile: 'restricted', enabled: true, skipped: 'not Kubernetes YAML', counts: counts(0, 0, 0, 0) });
});
