import type { Node } from 'yaml';
import { rangeOf } from '../engine/nodes.ts';
import { objectOf } from '../engine/objects.ts';
import type { ManifestFile } from '../engine/parse.ts';
import { describeBinding, describeRole, describeRule } from './describe.ts';
import { canReport, renderCanMarkdown } from './explain.ts';
import type { RbacModel } from './model.ts';
import { identityKey, identityOfSubject, parseIdentityLoosely } from './subjects.ts';
import type { BindingDef } from './types.ts';
import { yamlBindingOf } from './yaml-rbac.ts';

/** What the editor shows for RBAC: a subject's effective permissions, on hover or by command. */

const MAX_SUBJECTS_SHOWN = 3;

/** The Markdown report of a subject given as text ("ServiceAccount ci/deployer", "ci/deployer", "User:alice"); throws on malformed text. */
export function explainSubjectMarkdown(model: RbacModel, subjectText: string): string {
  return renderCanMarkdown(canReport(model, parseIdentityLoosely(subjectText)));
}

/**
 * Hover text for a binding's subject (that subject's effective permissions) or roleRef (the
 * role's rules, then what its subjects can do), or undefined anywhere else.
 */
export function rbacHoverMarkdown(model: RbacModel, file: ManifestFile, offset: number): { markdown: string; start: number; end: number } | undefined {
  const doc = file.docs.find((candidate) => candidate.offset <= offset && offset <= candidate.offset + candidate.text.length);
  const object = doc && objectOf(file, doc);
  if (!doc || !object || (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding')) return undefined;
  const local = offset - doc.offset;
  const binding = model.bindings.find((candidate) => candidate.source.path === file.path && candidate.source.start >= doc.offset && candidate.source.start <= doc.offset + doc.text.length);
  if (!binding) return undefined;
  const yaml = yamlBindingOf(object);
  const at = (node: Node | undefined) => {
    const range = rangeOf(node);
    return range && range[0] <= local && local <= range[1] ? { start: doc.offset + range[0], end: doc.offset + range[1] } : undefined;
  };
  for (const subject of yaml.subjects) {
    const range = at(subject.map);
    const identity = range && identityOfSubject(subject, binding);
    if (range && identity) return { markdown: renderCanMarkdown(canReport(model, identity)), ...range };
  }
  const roleRange = at(yaml.roleRefMap);
  return roleRange && { markdown: roleRefMarkdown(model, binding), ...roleRange };
}

/** The rules of the role a binding refers to, and the effective permissions of its first subjects. */
function roleRefMarkdown(model: RbacModel, binding: BindingDef): string {
  const role = model.roleOf(binding);
  if (!role) return `**${describeBinding(binding)}** refers to ${binding.roleRef.kind} ${binding.roleRef.name}, which neither the workspace nor Kubernetes' built-in roles define.\n`;
  const lines = [`**${describeRole(role)}**${role.builtIn ? ' (built-in)' : ''}`, ''];
  for (const { rule, origin } of model.rulesOf(role)) {
    lines.push(`- \`${describeRule(rule)}\`${origin !== role ? ` (from ${describeRole(origin)})` : ''}`);
  }
  if (model.rulesOf(role).length === 0) lines.push('No rules.');
  const identities = new Map(binding.subjects.map((subject) => identityOfSubject(subject, binding)).filter((identity) => !!identity).map((identity) => [identityKey(identity!), identity!]));
  for (const identity of [...identities.values()].slice(0, MAX_SUBJECTS_SHOWN)) lines.push('', '---', '', renderCanMarkdown(canReport(model, identity)).trimEnd());
  return lines.join('\n') + '\n';
}
