import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { HARDENED_POD, PRIVILEGED_POD, run, workspace } from './helpers.ts';

// Files that cannot be checked are listed with a reason in every output format, and the rest
// of the scan completes (#9).

const posix = process.platform !== 'win32';

interface JsonFile {
  path: string;
  skipped?: string;
  findings: { rule: string }[];
}

/** Runs a scan in all three formats; returns the JSON files, and checks stylish and SARIF list the same skips. */
async function scanAll(args: string[], cwd: string, stdin?: string | Uint8Array | AsyncIterable<Uint8Array>): Promise<{ code: number; files: JsonFile[] }> {
  const json = await run(['scan', '--format', 'json', ...args], { cwd, stdin: stdin as string });
  const files: JsonFile[] = JSON.parse(json.stdout).files;
  const stylish = await run(['scan', ...args], { cwd, stdin: stdin as string });
  const sarif = JSON.parse((await run(['scan', '--format', 'sarif', ...args], { cwd, stdin: stdin as string })).stdout);
  const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications.map((note: { message: { text: string } }) => note.message.text);
  for (const file of files.filter((each) => each.skipped)) {
    assert.ok(stylish.stdout.includes(`skipped: ${file.skipped}`), `stylish lists ${file.path}`);
    assert.ok(notifications.includes(`skipped: ${file.skipped}`), `SARIF lists ${file.path}`);
  }
  return { code: json.code, files };
}

function skipOf(files: JsonFile[], path: string): string | undefined {
  return files.find((file) => file.path === path)?.skipped;
}

describe('odd files in a scanned folder', { skip: !posix && 'POSIX file types' }, () => {
  test('a symbolic link loop, a dangling link, a FIFO and a directory named x.yaml: listed or walked, the rest checked', async () => {
    const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD, 'x.yaml/inner.yaml': PRIVILEGED_POD });
    symlinkSync('loop.yaml', join(cwd, 'loop.yaml'));
    symlinkSync('missing-target.yaml', join(cwd, 'dangling.yaml'));
    execFileSync('mkfifo', [join(cwd, 'pipe.yaml')]);
    const { code, files } = await scanAll(['.'], cwd);
    assert.equal(code, 1);
    assert.equal(skipOf(files, 'loop.yaml'), 'symbolic link loop');
    assert.match(skipOf(files, 'dangling.yaml') ?? '', /broken symbolic link/);
    assert.match(skipOf(files, 'pipe.yaml') ?? '', /not a regular file \(a FIFO/);
    assert.deepEqual(files.find((file) => file.path === 'x.yaml/inner.yaml')?.findings.map((f) => f.rule), ['privileged-container']);
    assert.deepEqual(files.find((file) => file.path === 'bad.yaml')?.findings.map((f) => f.rule), ['privileged-container']);
  });

  test('an unreadable file or folder is listed as skipped; the readable ones still give results', async () => {
    const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
    const unreadable = unreadableFile(cwd);
    const { code, files } = await scanAll(['.'], cwd);
    assert.equal(code, 1, 'findings decide the exit code, not the unreadable file');
    assert.match(skipOf(files, unreadable) ?? '', /^cannot read: /);
    assert.equal(files.find((file) => file.path === 'bad.yaml')?.findings.length, 1);
  });

  test('a FIFO and /dev/zero named on the command line are skipped without blocking or reading forever', async () => {
    const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
    execFileSync('mkfifo', [join(cwd, 'named.yaml')]);
    const { code, files } = await scanAll(['named.yaml', '/dev/zero', 'bad.yaml'], cwd);
    assert.equal(code, 1);
    assert.match(skipOf(files, 'named.yaml') ?? '', /FIFO/);
    assert.match(files.find((file) => file.path.endsWith('dev/zero'))?.skipped ?? '', /not a regular file \(a device\)/);
  });
});

test('endless standard input is cut at the size limit and skipped with the reason', async () => {
  async function* endless(): AsyncGenerator<Uint8Array> {
    const chunk = Buffer.from('a: b\n'.repeat(13_000));
    for (;;) yield chunk;
  }
  const cwd = workspace({ 'good.yaml': HARDENED_POD });
  const result = await run(['scan', '--format', 'json', '-', 'good.yaml'], { cwd, stdin: endless() as unknown as string });
  const files: JsonFile[] = JSON.parse(result.stdout).files;
  assert.match(skipOf(files, '<stdin>') ?? '', /larger than 20 MB/);
  assert.equal(result.code, 0);
});

test('20,000 Pods in one 4 MB file are all checked', async () => {
  const pod = (i: number) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${i}\n  labels: {app: web, tier: frontend}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n`;
  const pods = Array.from({ length: 20_000 }, (_, i) => pod(i)).join('---\n');
  assert.ok(pods.length > 3.5 * 1024 * 1024 && pods.length < 4 * 1024 * 1024);
  const cwd = workspace({ 'pods.yaml': pods });
  const result = await run(['scan', '--format', 'json', 'pods.yaml'], { cwd });
  assert.equal(JSON.parse(result.stdout).files[0].findings.length, 20_000);
});

/** A file the scan cannot read: mode 000 for a normal user; for root (who reads anything) a link to /proc/self/mem, which fails to read. */
function unreadableFile(cwd: string): string {
  if (process.getuid?.() !== 0) {
    mkdirSync(join(cwd, 'secret'));
    execFileSync('sh', ['-c', `printf 'a: b\\n' > secret/locked.yaml && chmod 000 secret/locked.yaml`], { cwd });
    return 'secret/locked.yaml';
  }
  symlinkSync('/proc/self/mem', join(cwd, 'locked.yaml'));
  return 'locked.yaml';
}
