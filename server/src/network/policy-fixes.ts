import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DocEditor, YamlValue } from '../engine/edits.ts';
import { kustomizationNamespace } from '../engine/namespaces.ts';
import { isDnsLabel, isDnsSubdomain } from '../engine/names.ts';
import { mapAt, stringMap } from '../engine/nodes.ts';
import type { FixSpec, RuleContext } from '../engine/rule.ts';
import type { Workload } from '../engine/workloads.ts';
import type { ContainerPortFacts, ObjectFacts } from '../engine/workspace.ts';
import type { NetworkView } from './workspace-view.ts';

// The two fixes of missing-network-policy: a new file with a default-deny policy for the namespace
// (plus DNS egress), or an allow-list policy for the workload appended to its own file. Both are
// unsafe: they add objects that change what traffic the cluster lets through.

/** Egress to the cluster DNS (kube-dns / CoreDNS in kube-system), UDP and TCP 53. */
export const DNS_EGRESS_RULE: YamlValue = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

/** The fixes for a workload that no policy selects, (a) then (b); (b) only when its pods carry labels to select. */
export function missingPolicyFixes(ctx: RuleContext, view: NetworkView, self: ObjectFacts, workload: Workload): FixSpec[] {
  // Names end up in file names, comments and new objects: only valid Kubernetes names are used
  // (a namespace like `x/../../escape` or one holding a newline gets no fix at all).
  if (!isDnsLabel(self.namespace)) return [];
  const fixes = [defaultDenyFix(ctx, view, self)];
  const workloadFix = workloadPolicyFix(ctx, view, self, workload);
  if (workloadFix) fixes.push(workloadFix);
  return fixes;
}

function defaultDenyFix(ctx: RuleContext, view: NetworkView, self: ObjectFacts): FixSpec {
  const namespace = self.namespace;
  const fromKustomization = !ctx.object.namespace && kustomizationNamespace(ctx.object.file.path) !== undefined;
  const written = fromKustomization || namespace !== ctx.config.defaultNamespace ? namespace : undefined;
  const taken = policyNames(view, namespace);
  const denyName = uniqueName('default-deny', taken);
  const dnsName = uniqueName('allow-dns-egress', new Set([...taken, denyName]));
  const editor = ctx.editor();
  const eol = editor.style.eol;
  const header = [
    `# Default deny for every pod of namespace ${namespace}: no ingress, and egress only to the cluster DNS.`,
    '# Created by kube-hardener; add policies that allow the traffic your workloads need.',
  ];
  if (fromKustomization) header.push('# Add this file to the resources of your kustomization.yaml.');
  const text = [
    [...header, render(editor, policy(denyName, written, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }))].join(eol),
    render(editor, policy(dnsName, written, { podSelector: {}, policyTypes: ['Egress'], egress: [DNS_EGRESS_RULE] })),
  ].join(`${eol}---${eol}`);
  return {
    title: `Add a default-deny NetworkPolicy for namespace ${namespace}`,
    safe: false,
    edits: [],
    createFiles: [{ path: uniqueFileName(view, ctx.object.file.path, `networkpolicy-default-deny-${namespace}`), text: `${text}${eol}` }],
  };
}

function workloadPolicyFix(ctx: RuleContext, view: NetworkView, self: ObjectFacts, workload: Workload): FixSpec | undefined {
  const labels = selectingLabels(workload);
  if (Object.keys(labels).length === 0) return undefined;
  const object = ctx.object;
  const fromKustomization = !object.namespace && kustomizationNamespace(object.file.path) !== undefined;
  const written = !fromKustomization && self.namespace !== ctx.config.defaultNamespace ? self.namespace : undefined;
  const objectName = isDnsSubdomain(object.name) && object.name.length <= 230 ? object.name : undefined;
  const name = uniqueName(`${objectName ?? object.kind.toLowerCase()}-network-policy`, policyNames(view, self.namespace));
  const ports = uniquePorts(self.containerPorts ?? []);
  const spec: Record<string, YamlValue> = { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'] };
  if (ports.length > 0) spec.ingress = [{ from: [{ podSelector: {} }], ports: ports.map(({ protocol, port }) => ({ protocol, port })) }];
  spec.egress = [DNS_EGRESS_RULE];
  const editor = ctx.editor();
  const eol = editor.style.eol;
  const docText = object.doc.text;
  const lead = docText.endsWith('\n') ? '' : eol;
  const ingress = ports.length > 0 ? 'ingress from pods of its namespace on its declared ports' : 'no ingress (it declares no container port)';
  const comment = `# Allow-list for ${object.kind} ${objectName ?? ''}: ${ingress}, egress to the cluster DNS only.`;
  // After a `...` document end with no `---` after it, the next document would join the policy: close it the same way.
  const close = /^\.\.\.(?=[ \t#]|$)/.test(docText.trimEnd().split('\n').pop()!) ? `...${eol}` : '';
  const newText = `${lead}---${eol}${comment}${eol}${render(editor, policy(name, written, spec))}${eol}${close}`;
  return { title: 'Add a NetworkPolicy for this workload', safe: false, edits: [{ start: docText.length, end: docText.length, newText }] };
}

/** The labels the policy selects on: the controller's matchLabels when they are the pods' own, else the pod labels. */
function selectingLabels(workload: Workload): Record<string, string> {
  const matchLabels = stringMap(workload.yaml, mapAt(workload.yaml, workload.object.root, 'spec', 'selector', 'matchLabels'));
  const entries = Object.entries(matchLabels);
  if (entries.length > 0 && entries.every(([key, value]) => workload.podLabels[key] === value)) return matchLabels;
  return workload.podLabels;
}

function uniquePorts(ports: ContainerPortFacts[]): ContainerPortFacts[] {
  const seen = new Set<string>();
  return ports.filter((port) => {
    const key = `${port.protocol}/${port.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function policy(name: string, namespace: string | undefined, spec: Record<string, YamlValue>): Record<string, YamlValue> {
  const metadata: Record<string, YamlValue> = namespace === undefined ? { name } : { name, namespace };
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec };
}

/** A top-level mapping as block YAML in the document's own indentation and line endings. */
function render(editor: DocEditor, value: Record<string, YamlValue>): string {
  return Object.entries(value).map(([key, item]) => editor.renderPair(key, item, 0)).join(editor.style.eol);
}

function policyNames(view: NetworkView, namespace: string): Set<string> {
  return new Set(view.policiesIn(namespace).flatMap((facts) => (facts.name ? [facts.name] : [])));
}

function uniqueName(base: string, taken: Set<string>): string {
  for (let suffix = 1; ; suffix++) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** `<base>.yaml`, else `<base>-2.yaml`, `-3`...: the first name no file of the folder has (on disk or in the workspace). */
function uniqueFileName(view: NetworkView, path: string, base: string): string {
  const folder = dirname(path);
  for (let suffix = 1; ; suffix++) {
    const name = `${suffix === 1 ? base : `${base}-${suffix}`}.yaml`;
    if (!view.hasFile(join(folder, name)) && !existsSync(resolve(folder, name))) return name;
  }
}
