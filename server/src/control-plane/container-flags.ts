import { isScalar, Node, Scalar, YAMLSeq } from 'yaml';
import { renderScalar, type DocEditor, type TextEdit } from '../engine/edits.ts';
import { pairOf, seqAt, seqItems } from '../engine/nodes.ts';
import { describeObject, K8sObject } from '../engine/objects.ts';
import { Container, containersOf, describeContainer, workloadOf } from '../engine/workloads.ts';
import { ArgToken, parseFlags, renderLike, seqTokens } from './argv.ts';
import { BOOLEAN_FLAGS, Component, impliedByFlags } from './flag-defaults.ts';
import type { FlagSource, FlagValue } from './flags.ts';
import { shellCommands, ShellWord } from './shell.ts';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** The sources of a component's flags in the containers of a workload that run its binary. */
export function containerFlagSources(object: K8sObject, component: Component): FlagSource[] {
  const workload = workloadOf(object);
  if (!workload) return [];
  const sources: FlagSource[] = [];
  for (const container of containersOf(workload)) {
    const source = containerSource(container, component);
    if (source) sources.push(source);
  }
  return sources;
}

function containerSource(container: Container, component: Component): FlagSource | undefined {
  const yaml = container.workload.yaml;
  const command = seqAt(yaml, container.node, 'command');
  const args = seqAt(yaml, container.node, 'args');
  const commandItems = command ? seqItems(yaml, command) : [];
  const argsItems = args ? seqItems(yaml, args) : [];
  const commandKey = (pairOf(yaml, container.node, 'command')?.key ?? pairOf(yaml, container.node, 'args')?.key) as Node | undefined;
  const found = command ? binaryArguments(container, component, command, commandItems, args, argsItems) : undefined;
  if (!found || !commandKey) return undefined;
  const flags = parseFlags(found.tokens, component);
  if (component === 'etcd') {
    if (flags.has('config-file')) return undefined; // etcd then ignores every other flag and reads a file we cannot see
    addEtcdEnvironment(container, flags);
    if (flags.has('config-file')) return undefined;
  }
  return {
    component,
    where: `${describeContainer(container)} of ${describeObject(container.workload.object)}`,
    flags,
    implied: impliedByFlags(component, (name) => flags.has(name)),
    anchor: commandKey,
    addFlag: found.list ? (editor, name, value) => appendFlag(editor, found.list!, component, name, value) : undefined,
  };
}

interface BinaryArguments {
  tokens: ArgToken[];
  /** The list new flags go to: `args` when the binary stands alone in `command` (RKE2), else `command`. */
  list?: YAMLSeq;
}

function binaryArguments(container: Container, component: Component, command: YAMLSeq, commandItems: Node[], args: YAMLSeq | undefined, argsItems: Node[]): BinaryArguments | undefined {
  const words = commandItems.map((item) => (isScalar(item) && item.value != null ? String(item.value) : ''));
  const binaryIndex = binaryPosition(words, component);
  if (binaryIndex !== undefined) {
    const tokens = [...seqTokens(command, commandItems.slice(binaryIndex + 1)), ...(args ? seqTokens(args, argsItems) : [])];
    const list = args && argsItems.length > 0 ? args : command;
    return { tokens, list };
  }
  if (words.length >= 2 && SHELLS.has(basename(words[0])) && /^-[a-z]*c[a-z]*$/.test(words[1])) {
    const script = (commandItems[2] ?? argsItems[0]) as Node | undefined;
    if (!isScalar(script) || typeof script.value !== 'string') return undefined;
    const tokens = shellTokens(container, script, component);
    return tokens ? { tokens } : undefined;
  }
  return undefined;
}

/** The index of the binary in a command: `kube-apiserver`, `/usr/local/bin/etcd`, `hyperkube kubelet`. */
function binaryPosition(words: string[], component: Component): number | undefined {
  if (words.length === 0) return undefined;
  if (isBinary(words[0], component)) return 0;
  if (basename(words[0]) === 'hyperkube' && words[1] !== undefined && isBinary(words[1], component)) return 1;
  return undefined;
}

function isBinary(word: string, component: Component): boolean {
  const name = basename(word);
  return name === component || (component === 'kube-apiserver' && name === 'apiserver');
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The words after the binary in a `sh -c` script, located in the document where they stand verbatim. */
function shellTokens(container: Container, script: Scalar, component: Component): ArgToken[] | undefined {
  for (const words of shellCommands(script.value as string)) {
    const start = words.findIndex((word, index) => isBinary(word.text, component) && words.slice(0, index).every(isPrefixWord));
    if (start === -1) continue;
    const text = container.workload.object.doc.text;
    let cursor = script.range?.[0] ?? 0;
    const end = script.range?.[1] ?? 0;
    return words.slice(start + 1).map((word) => {
      const at = word.verbatim ? text.indexOf(word.text, cursor) : -1;
      if (at === -1 || at + word.text.length > end) return { text: word.text, node: script };
      cursor = at + word.text.length;
      const range: [number, number] = [at, at + word.text.length];
      return { text: word.text, node: script, range, replace: (_editor: DocEditor, newText: string): TextEdit => ({ start: range[0], end: range[1], newText }) };
    });
  }
  return undefined;
}

/** Words that may stand before the binary in a shell command: `exec`, `env`, `VAR=value`. */
function isPrefixWord(word: ShellWord): boolean {
  return word.text === 'exec' || word.text === 'env' || /^[A-Za-z_]\w*=/.test(word.text);
}

/** etcd reads `ETCD_<FLAG>` variables for the flags its command line does not give. */
function addEtcdEnvironment(container: Container, flags: Map<string, FlagValue>): void {
  const yaml = container.workload.yaml;
  for (const entry of seqItems(yaml, seqAt(yaml, container.node, 'env'))) {
    const name = pairOf(yaml, entry, 'name')?.value;
    const valuePair = pairOf(yaml, entry, 'value');
    const value = valuePair?.value;
    if (!isScalar(name) || typeof name.value !== 'string' || !/^ETCD_[A-Z0-9_]+$/.test(name.value)) continue;
    if (!isScalar(value) || value.value == null) continue;
    const flag = name.value.slice(5).toLowerCase().replace(/_/g, '-');
    if (flags.has(flag)) continue;
    flags.set(flag, {
      name: flag,
      value: String(value.value),
      node: valuePair!,
      setValue: (editor, newValue) => [editor.replace(value, renderLike(value, newValue, false))],
    });
  }
}

/** Appends a flag to a command list as its other flags are written: quoting, and `--x=y` or two items. */
function appendFlag(editor: DocEditor, list: YAMLSeq, component: Component, name: string, value: string): TextEdit[] {
  const items = list.items.filter((item): item is Scalar => isScalar(item) && typeof item.value === 'string');
  const flagItems = items.filter((item) => (item.value as string).startsWith('-'));
  const sample = flagItems[flagItems.length - 1] ?? items[items.length - 1];
  const inline = flagItems.filter((item) => (item.value as string).includes('=')).length;
  const twoItem = flagItems.length - inline;
  const texts = twoItem > inline && !BOOLEAN_FLAGS[component].has(name) ? [`--${name}`, value] : [`--${name}=${value}`];
  // Both items of the two-item form go in one insertion, so they cannot be applied apart.
  const edits = texts.map((text) => {
    const edit = editor.appendItem(list, text);
    const written = renderLike(sample, text, list.flow ?? false);
    const plain = renderScalar(text);
    const at = edit.newText.lastIndexOf(plain);
    if (at !== -1) edit.newText = edit.newText.slice(0, at) + written + edit.newText.slice(at + plain.length);
    return edit;
  });
  return [{ start: edits[0].start, end: edits[0].end, newText: edits.map((edit) => edit.newText).join('') }];
}
