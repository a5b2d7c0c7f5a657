import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { DocEditor, mergeEdits, TextEdit } from '../../server/src/engine/edits.ts';
import { applyEdits } from '../../server/src/engine/fix.ts';
import { ManifestDoc, parseManifestFile } from '../../server/src/engine/parse.ts';
import { parseErrorsOf } from '../helpers/lint.ts';
import { mapAt, pairOf, seqAt } from '../../server/src/engine/nodes.ts';

interface Target {
  doc: ManifestDoc;
  editor: DocEditor;
  map: (...path: string[]) => YAMLMap;
  seq: (...path: string[]) => YAMLSeq;
  /** The first container of `spec.containers`. */
  container: () => YAMLMap;
}

/** Applies the edits a callback builds against the (first) document of a text; checks that the result parses. */
function edit(text: string, build: (target: Target) => TextEdit | TextEdit[], docIndex = 0): string {
  const doc = parseManifestFile('test.yaml', text).docs[docIndex];
  const root = doc.yaml.contents;
  const target: Target = {
    doc,
    editor: new DocEditor(doc),
    map: (...path) => (path.length === 0 ? (root as YAMLMap) : mapAt(doc.yaml, root, ...path)!),
    seq: (...path) => seqAt(doc.yaml, root, ...path)!,
    container: () => seqAt(doc.yaml, root, 'spec', 'containers')!.items[0] as YAMLMap,
  };
  const docText = applyEdits(doc.text, [build(target)].flat());
  const result = text.slice(0, doc.offset) + docText + text.slice(doc.offset + doc.text.length);
  const errors = parseErrorsOf(result);
  assert.deepEqual(errors, [], `the edited YAML parses:\n${result}`);
  return result;
}

const lines = (...rows: string[]) => rows.map((row) => `${row}\n`).join('');

describe('DocEditor.setIn', () => {
  test('creates missing parents in block style under a container', () => {
    const text = lines('spec:', '  containers:', '  - name: app', '    image: nginx:1.27');
    const result = edit(text, (t) => t.editor.setIn(t.container(), ['securityContext', 'runAsNonRoot'], true));
    assert.equal(result, lines('spec:', '  containers:', '  - name: app', '    image: nginx:1.27', '    securityContext:', '      runAsNonRoot: true'));
  });

  test('inserts into a flow mapping, empty or not', () => {
    const empty = lines('spec:', '  containers:', '  - name: app', '    securityContext: {}');
    assert.match(edit(empty, (t) => t.editor.setIn(t.container(), ['securityContext', 'privileged'], false)), /securityContext: \{privileged: false\}\n/);
    const filled = lines('spec:', '  containers:', '  - {name: app, securityContext: {runAsNonRoot: true}}');
    assert.match(edit(filled, (t) => t.editor.setIn(t.container(), ['securityContext', 'capabilities', 'drop'], ['ALL'])),
      /\{name: app, securityContext: \{runAsNonRoot: true, capabilities: \{drop: \[ALL\]\}\}\}/);
  });

  test('a braceless flow pair (`[ name: app ]`) gets braces: the new pair is no new sequence item', () => {
    const plain = lines('spec:', '  containers: [ name: app ]');
    assert.equal(edit(plain, (t) => t.editor.setIn(t.container(), ['securityContext', 'privileged'], false)),
      lines('spec:', '  containers: [ {name: app, securityContext: {privileged: false}} ]'));
    // The brace of a flow mapping key is not the pair's own, and the pair's value is not the mapping (found by the fuzzer).
    const flowKey = lines('spec:', '  containers: [ { k: v } : , name: app ]');
    assert.equal(edit(flowKey, (t) => t.editor.insertPair(t.container(), 'a', 1)), lines('spec:', '  containers: [ {{ k: v } :, a: 1} , name: app ]'));
    const flowValue = lines('spec:', '  containers: [ name: {x: 1} ]');
    assert.equal(edit(flowValue, (t) => t.editor.insertPair(t.container(), 'a', 1)), lines('spec:', '  containers: [ {name: {x: 1}, a: 1} ]'));
    const explicitKey = lines('spec:', '  containers: [ ? name : app ]');
    assert.equal(edit(explicitKey, (t) => t.editor.insertPair(t.container(), 'a', 1)), lines('spec:', '  containers: [ {? name : app, a: 1} ]'));
    assert.equal(edit(plain, (t) => t.editor.removePair(t.container(), t.container().items[0])), lines('spec:', '  containers: [ {} ]'));
  });

  test('comments inside a value replaced by block lines are kept (found by the fuzzer)', () => {
    const seq = lines('spec:', '  securityContext:', '  - # why');
    assert.equal(edit(seq, (t) => t.editor.setIn(t.map('spec'), ['securityContext', 'runAsNonRoot'], true)),
      lines('spec:', '  securityContext:', '  # why', '    runAsNonRoot: true'));
    const flow = lines('spec:', '  securityContext: [ # why', '    x ]');
    assert.match(edit(flow, (t) => t.editor.setIn(t.map('spec'), ['securityContext', 'runAsNonRoot'], true)), /# why\n  securityContext: \{runAsNonRoot: true\}\n/);
  });

  test('fills an empty value `securityContext:` with block lines', () => {
    const text = lines('spec:', '  containers:', '  - name: app', '    securityContext:', '  - name: other');
    assert.equal(edit(text, (t) => t.editor.setIn(t.container(), ['securityContext', 'runAsNonRoot'], true)),
      lines('spec:', '  containers:', '  - name: app', '    securityContext:', '      runAsNonRoot: true', '  - name: other'));
  });

  test('replaces `~` and `null` by block lines and keeps a trailing comment on the key line', () => {
    const tilde = lines('spec:', '  containers:', '  - name: app', '    securityContext: ~  # later', '    image: x');
    assert.equal(edit(tilde, (t) => t.editor.setIn(t.container(), ['securityContext', 'runAsNonRoot'], true)),
      lines('spec:', '  containers:', '  - name: app', '    securityContext:  # later', '      runAsNonRoot: true', '    image: x'));
    const empty = lines('spec:', '  containers:', '  - name: app', '    securityContext: # later');
    assert.equal(edit(empty, (t) => t.editor.setIn(t.container(), ['securityContext', 'runAsNonRoot'], true)),
      lines('spec:', '  containers:', '  - name: app', '    securityContext: # later', '      runAsNonRoot: true'));
  });

  test('writes a whole mapping in block style over an empty flow `{}` in block context', () => {
    const text = lines('spec:', '  containers:', '  - name: app', '    securityContext: {} # todo');
    assert.equal(edit(text, (t) => t.editor.setIn(t.container(), ['securityContext'], { runAsNonRoot: true, capabilities: { drop: ['ALL'] } })),
      lines('spec:', '  containers:', '  - name: app', '    securityContext: # todo', '      runAsNonRoot: true', '      capabilities:', '        drop:', '        - ALL'));
  });

  test('follows 4-space indentation and indented sequences', () => {
    const text = lines('spec:', '    containers:', '        - name: app', '          image: nginx:1.27');
    assert.equal(edit(text, (t) => t.editor.setIn(t.container(), ['securityContext', 'capabilities', 'drop'], ['ALL'])),
      lines('spec:', '    containers:', '        - name: app', '          image: nginx:1.27', '          securityContext:',
        '              capabilities:', '                  drop:', '                      - ALL'));
  });

  test('follows flush sequences', () => {
    const text = lines('spec:', '  volumes:', '  - name: data', '    emptyDir: {}', '  containers:', '  - name: app');
    assert.equal(edit(text, (t) => t.editor.setIn(t.container(), ['volumeMounts'], [{ name: 'data', mountPath: '/data' }])),
      lines('spec:', '  volumes:', '  - name: data', '    emptyDir: {}', '  containers:', '  - name: app', '    volumeMounts:', '    - name: data', '      mountPath: /data'));
  });

  test('keeps CRLF line endings', () => {
    const text = 'spec:\r\n  containers:\r\n  - name: app\r\n    securityContext:\r\n';
    const result = edit(text, (t) => t.editor.setIn(t.container(), ['securityContext', 'capabilities', 'drop'], ['ALL']));
    assert.equal(result, 'spec:\r\n  containers:\r\n  - name: app\r\n    securityContext:\r\n      capabilities:\r\n        drop:\r\n        - ALL\r\n');
    assert.doesNotMatch(result, /[^\r]\n/);
  });

  test('replaces a scalar and keeps its trailing comment', () => {
    const text = lines('spec:', '  hostNetwork: true # for metrics', '  containers: []');
    assert.equal(edit(text, (t) => t.editor.setIn(t.map('spec'), ['hostNetwork'], false)), lines('spec:', '  hostNetwork: false # for metrics', '  containers: []'));
  });

  test('inserts after a pair with a trailing comment, below the comment line', () => {
    const text = lines('spec:', '  containers:', '  - name: app', '    image: nginx:1.27 # pinned', '    # about the next container', '  - name: other');
    assert.equal(edit(text, (t) => t.editor.setIn(t.container(), ['securityContext', 'privileged'], false)),
      lines('spec:', '  containers:', '  - name: app', '    image: nginx:1.27 # pinned', '    securityContext:', '      privileged: false', '    # about the next container', '  - name: other'));
  });

  test('edits the right document of a multi-document file', () => {
    const text = lines('kind: A', 'spec: {}', '---', 'kind: B', 'spec:', '  x: 1');
    assert.equal(edit(text, (t) => t.editor.setIn(t.map('spec'), ['w'], 2), 1), lines('kind: A', 'spec: {}', '---', 'kind: B', 'spec:', '  x: 1', '  w: 2'));
  });

  test('a string keeps the quoting of the scalar it replaces', () => {
    const text = lines('a:', '  type: "Unconfined"', "  other: 'x'");
    const result = edit(text, (t) => [
      t.editor.replaceScalar(pairOf(t.doc.yaml, t.map('a'), 'type')!.value!, 'RuntimeDefault'),
      t.editor.replaceScalar(pairOf(t.doc.yaml, t.map('a'), 'other')!.value!, "it's"),
    ]);
    assert.equal(result, lines('a:', '  type: "RuntimeDefault"', "  other: 'it''s'"));
  });
});

describe('DocEditor.appendItem and appendIn', () => {
  test('an item that starts with a dash (`- --profiling`) does not hide the sequence dash (found by the fuzzer)', () => {
    const args = 'args:\n  - --profiling';
    assert.equal(edit(args, (t) => t.editor.appendItem(t.seq('args'), '--x')), 'args:\n  - --profiling\n  - "--x"');
    assert.equal(edit(lines('args:', '  - -a', '  - -b'), (t) => t.editor.removeItem(t.seq('args'), 0)), lines('args:', '  - -b'));
  });

  test('appends to flush, indented and flow sequences', () => {
    const flush = lines('drop:', '- NET_RAW');
    assert.equal(edit(flush, (t) => t.editor.appendItem(t.seq('drop'), 'ALL')), lines('drop:', '- NET_RAW', '- ALL'));
    const indented = lines('drop:', '  - NET_RAW # spoofing');
    assert.equal(edit(indented, (t) => t.editor.appendItem(t.seq('drop'), 'ALL')), lines('drop:', '  - NET_RAW # spoofing', '  - ALL'));
    const flow = lines('drop: [NET_RAW]');
    assert.equal(edit(flow, (t) => t.editor.appendItem(t.seq('drop'), 'ALL')), lines('drop: [NET_RAW, ALL]'));
  });

  test('appendIn creates the sequence when it is missing', () => {
    const text = lines('spec:', '  containers:', '  - name: app');
    assert.equal(edit(text, (t) => t.editor.appendIn(t.container(), ['securityContext', 'capabilities', 'drop'], 'ALL')),
      lines('spec:', '  containers:', '  - name: app', '    securityContext:', '      capabilities:', '        drop:', '        - ALL'));
  });

  test('appendIn adds to an existing sequence', () => {
    const text = lines('spec:', '  containers:', '  - name: app', '    securityContext:', '      capabilities:', '        drop: [NET_RAW]');
    assert.match(edit(text, (t) => t.editor.appendIn(t.container(), ['securityContext', 'capabilities', 'drop'], 'ALL')), /drop: \[NET_RAW, ALL\]/);
  });
});

describe('DocEditor.removePair and removeItem', () => {
  test('removes the first key of a sequence item (`- hostPort: 80`), keeping the item', () => {
    const text = lines('ports:', '- hostPort: 80', '  containerPort: 8080', '- containerPort: 9090');
    const result = edit(text, (t) => {
      const item = t.seq('ports').items[0] as YAMLMap;
      return t.editor.removePair(item, pairOf(t.doc.yaml, item, 'hostPort')!);
    });
    assert.equal(result, lines('ports:', '- containerPort: 8080', '- containerPort: 9090'));
  });

  test('removing the first key of a sequence item keeps comment lines below it', () => {
    const text = lines('ports:', '- hostPort: 80', '  # web', '  containerPort: 8080');
    const result = edit(text, (t) => {
      const item = t.seq('ports').items[0] as YAMLMap;
      return t.editor.removePair(item, pairOf(t.doc.yaml, item, 'hostPort')!);
    });
    assert.equal(result, lines('ports:', '- # web', '  containerPort: 8080'));
  });

  test('removing the only key of a sequence item leaves `- {}`', () => {
    const text = lines('ports:', '  - hostPort: 80', '  - containerPort: 9090');
    const result = edit(text, (t) => {
      const item = t.seq('ports').items[0] as YAMLMap;
      return t.editor.removePair(item, pairOf(t.doc.yaml, item, 'hostPort')!);
    });
    assert.equal(result, lines('ports:', '  - {}', '  - containerPort: 9090'));
  });

  test('removes a pair on its own line; its trailing comment stays on a line of its own', () => {
    const text = lines('a:', '  p: 1', '  q: 2 # keep me', '  r: 3');
    assert.equal(edit(text, (t) => t.editor.removePair(t.map('a'), pairOf(t.doc.yaml, t.map('a'), 'q')!)), lines('a:', '  p: 1', '  # keep me', '  r: 3'));
  });

  test('a kept comment line ends like the document\'s lines (CRLF)', () => {
    const text = 'a:\r\n  p: 1\r\n  q: 2 # keep me\r\n  r: 3\r\n';
    assert.equal(edit(text, (t) => t.editor.removePair(t.map('a'), pairOf(t.doc.yaml, t.map('a'), 'q')!)), 'a:\r\n  p: 1\r\n  # keep me\r\n  r: 3\r\n');
  });

  test('a removed sequence item keeps its trailing comment at the dash column, and a `#` inside quotes is no comment', () => {
    const text = lines('add:', '  - NET_ADMIN', '  - NET_RAW # why', '  - "A # B"');
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('add'), 1)), lines('add:', '  - NET_ADMIN', '  # why', '  - "A # B"'));
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('add'), 2)), lines('add:', '  - NET_ADMIN', '  - NET_RAW # why'));
  });

  test('removing the first key of a sequence item keeps its trailing comment behind the dash', () => {
    const text = lines('ports:', '- hostPort: 80 # why', '  containerPort: 8080');
    const result = edit(text, (t) => {
      const item = t.seq('ports').items[0] as YAMLMap;
      return t.editor.removePair(item, pairOf(t.doc.yaml, item, 'hostPort')!);
    });
    assert.equal(result, lines('ports:', '- # why', '  containerPort: 8080'));
  });

  test('a removed multi-line value keeps every comment inside it, and none of a block scalar', () => {
    const text = lines('a:', '  q: # head', '    x: 1 # one', '    # alone', '    s: |', '      # text, not a comment', '  r: 3');
    assert.equal(edit(text, (t) => t.editor.removePair(t.map('a'), pairOf(t.doc.yaml, t.map('a'), 'q')!)),
      lines('a:', '  # head', '    # one', '    # alone', '  r: 3'));
  });

  test('removing the last item below its key keeps the item\'s comment under the emptied key', () => {
    const text = lines('caps:', '  add:', '  - SYS_ADMIN # mounts', '  drop: [ALL]');
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('caps', 'add'), 0)), lines('caps:', '  add: []', '  # mounts', '  drop: [ALL]'));
    assert.equal(edit('add:\n- A # x', (t) => t.editor.removeItem(t.seq('add'), 0)), 'add: []\n# x');
  });

  test('a comment inside a removed flow item is kept on a line above', () => {
    const text = lines('add: [A, # first', '  B]');
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('add'), 0)), lines('# first', 'add: [B]'));
  });

  test('removes a middle item of a block sequence', () => {
    const text = lines('add:', '- A', '- B', '- C');
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('add'), 1)), lines('add:', '- A', '- C'));
  });

  test('removing the last item of a block sequence leaves `[]` and keeps comments between', () => {
    const text = lines('caps:', '  add: # extra', '  # the whole set', '  - ALL', '  drop: [ALL]');
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('caps', 'add'), 0)), lines('caps:', '  add: [] # extra', '  # the whole set', '  drop: [ALL]'));
  });

  test('removing the last pair of a block mapping leaves `{}`', () => {
    const text = 'a:\r\n  b:\r\n    only: 1\r\n  c: 2\r\n';
    assert.equal(edit(text, (t) => t.editor.removePair(t.map('a', 'b'), pairOf(t.doc.yaml, t.map('a', 'b'), 'only')!)), 'a:\r\n  b: {}\r\n  c: 2\r\n');
  });

  test('removes items of flow sequences with their separators', () => {
    const text = lines('add: [A, B, C]');
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('add'), 0)), lines('add: [B, C]'));
    assert.equal(edit(text, (t) => t.editor.removeItem(t.seq('add'), 2)), lines('add: [A, B]'));
    assert.equal(edit(lines('add: [A]'), (t) => t.editor.removeItem(t.seq('add'), 0)), lines('add: []'));
  });

  test('removes a pair of a flow mapping', () => {
    const text = lines('port: {hostPort: 80, containerPort: 8080}');
    assert.equal(edit(text, (t) => t.editor.removePair(t.map('port'), pairOf(t.doc.yaml, t.map('port'), 'hostPort')!)), lines('port: {containerPort: 8080}'));
  });
});

describe('DocEditor.removeItemIn', () => {
  const container = (...rows: string[]) => lines('spec:', '  containers:', '  - name: app', ...rows.map((row) => `    ${row}`));
  const removeAdd = (text: string, index = 0) => edit(text, (t) => {
    const add = seqAt(t.doc.yaml, t.container(), 'securityContext', 'capabilities', 'add')!;
    return t.editor.removeItemIn(t.container(), ['securityContext', 'capabilities', 'add'], add, index);
  });

  test('removes one item of several like removeItem', () => {
    const text = container('securityContext:', '  capabilities:', '    add: [NET_ADMIN, NET_RAW]');
    assert.equal(removeAdd(text, 1), container('securityContext:', '  capabilities:', '    add: [NET_ADMIN]'));
  });

  test('the last item takes its key along: no `add: []`', () => {
    const text = container('securityContext:', '  capabilities:', '    add: ["NET_ADMIN"]', '    drop: [ALL]');
    assert.equal(removeAdd(text), container('securityContext:', '  capabilities:', '    drop: [ALL]'));
  });

  test('mappings left empty go too, up to the container; comments stay', () => {
    const text = container('securityContext:', '  capabilities:', '    add:', '    - SYS_ADMIN # mounts', '  privileged: false', 'image: x');
    assert.equal(removeAdd(text), container('securityContext:', '    # mounts', '  privileged: false', 'image: x'));
    const only = container('securityContext: {capabilities: {add: [SYS_ADMIN]}}', 'image: x');
    assert.equal(removeAdd(only), container('image: x'));
  });

  test('never prunes an anchored or aliased node: other places share it', () => {
    const anchored = lines('base: &caps', '  add: [SYS_ADMIN]', 'spec:', '  containers:', '  - name: app', '    securityContext:', '      capabilities: *caps');
    assert.match(removeAdd(anchored), /base: &caps\n  add: \[\]/);
    const anchoredSeq = container('securityContext:', '  capabilities:', '    add: &a [SYS_ADMIN]', '    drop: *a');
    assert.match(removeAdd(anchoredSeq), /add: &a \[\]/);
  });
});

describe('replacing a tagged value', () => {
  test('the tag goes with the old value; an anchor stays', () => {
    for (const [value, expected] of [['!a7c7', 'false'], ['!!str yes', 'false'], ['&x !t 7', '&x false'], ['!t &x 7', '&x false'], ['&x 7', '&x false']]) {
      const text = lines('spec:', `  enabled: ${value}`, '  other: 1');
      const result = edit(text, (t) => t.editor.replace(t.map('spec').get('enabled', true) as never, 'false'));
      assert.equal(result, lines('spec:', `  enabled: ${expected}`, '  other: 1'), value);
    }
  });

  test('in a flow collection too', () => {
    const text = lines('spec:', '  flags: [!t 7, {set: !x 8}]');
    const result = edit(text, (t) => [
      t.editor.replace(t.seq('spec', 'flags').items[0] as never, 'false'),
      t.editor.replace((t.seq('spec', 'flags').items[1] as YAMLMap).get('set', true) as never, 'true'),
    ]);
    assert.equal(result, lines('spec:', '  flags: [false, {set: true}]'));
  });
});

describe('mergeEdits', () => {
  test('joins insertions at one offset in the order given and sorts the rest', () => {
    const merged = mergeEdits([
      { start: 10, end: 10, newText: 'inner' },
      { start: 2, end: 4, newText: 'x' },
      { start: 10, end: 10, newText: '+outer' },
    ]);
    assert.deepEqual(merged, [{ start: 2, end: 4, newText: 'x' }, { start: 10, end: 10, newText: 'inner+outer' }]);
  });

  test('a container line and a pod-level line inserted at the same place stay in tree order', () => {
    const text = lines('spec:', '  containers:', '  - name: app');
    const result = edit(text, (t) => mergeEdits([
      ...t.editor.setIn(t.container(), ['securityContext', 'readOnlyRootFilesystem'], true),
      ...t.editor.appendIn(t.map('spec'), ['volumes'], { name: 'tmp', emptyDir: {} }),
    ]));
    assert.equal(result, lines('spec:', '  containers:', '  - name: app', '    securityContext:', '      readOnlyRootFilesystem: true', '  volumes:', '  - name: tmp', '    emptyDir: {}'));
  });

  test('items appended to a sequence that ends the container go before a key added to the container', () => {
    for (const mounts of [['    volumeMounts:', '    - name: data', '      mountPath: /data'], ['    volumeMounts:', '      - name: data', '        mountPath: /data']]) {
      const text = lines('spec:', '  containers:', '  - name: app', ...mounts);
      const result = edit(text, (t) => mergeEdits([
        ...t.editor.setIn(t.container(), ['securityContext', 'readOnlyRootFilesystem'], true),
        ...t.editor.appendIn(t.container(), ['volumeMounts'], { name: 'tmp', mountPath: '/tmp' }),
      ]));
      const fixed = parseManifestFile('test.yaml', result).docs[0].yaml.toJS();
      assert.deepEqual(fixed.spec.containers[0], {
        name: 'app',
        volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }],
        securityContext: { readOnlyRootFilesystem: true },
      });
    }
  });
});
