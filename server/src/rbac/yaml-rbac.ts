import { isMap, isScalar, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { mapAt, nodeAt, plainValue, seqAt, seqItems } from '../engine/nodes.ts';
import type { K8sObject } from '../engine/objects.ts';
import { policyRuleOf } from './rule-match.ts';
import type { PolicyRule } from './types.ts';

/** The syntax nodes of a Role's or ClusterRole's rules, so findings can point at a single `*` or verb. */

export type RuleField = 'verbs' | 'apiGroups' | 'resources' | 'resourceNames' | 'nonResourceURLs';

export interface YamlRuleField {
  seq?: YAMLSeq;
  /** The scalar items, with their index in the sequence. */
  items: { node: Scalar; index: number; value: string }[];
}

/** One entry of `rules:` with its plain value and its nodes. */
export interface YamlPolicyRule {
  /** 0-based position in `rules:`. */
  index: number;
  map: YAMLMap;
  rule: PolicyRule;
  field(name: RuleField): YamlRuleField;
}

/** The rules of a Role or ClusterRole object, as data and nodes. */
export function yamlRulesOf(object: K8sObject): YamlPolicyRule[] {
  const doc = object.yaml;
  return seqItems(doc, seqAt(doc, object.root, 'rules')).flatMap((map, index) =>
    !isMap(map) ? [] : [{
      index,
      map,
      rule: policyRuleOf(plainValue(doc, map)),
      field(name: RuleField): YamlRuleField {
        const seq = seqAt(doc, map, name);
        const all = seq ? seq.items : [];
        const items = all.flatMap((item, itemIndex) =>
          isScalar(item) && item.value !== null && item.value !== undefined ? [{ node: item as Scalar, index: itemIndex, value: String(item.value) }] : [],
        );
        return { seq, items };
      },
    }],
  );
}

/** A subject entry of a binding with its nodes. */
export interface YamlSubject {
  map: YAMLMap;
  kind: string;
  name: string;
  namespace?: string;
  nameNode?: Scalar;
}

/** The roleRef and subjects of a RoleBinding or ClusterRoleBinding, as data and nodes. */
export interface YamlBinding {
  roleRefKind?: string;
  roleRefName?: string;
  roleRefNameNode?: Scalar;
  roleRefMap?: YAMLMap;
  subjects: YamlSubject[];
}

/** The roleRef and subjects of a binding object. */
export function yamlBindingOf(object: K8sObject): YamlBinding {
  const doc = object.yaml;
  const roleRefMap = mapAt(doc, object.root, 'roleRef');
  const roleRefNameNode = scalarNode(nodeAt(doc, roleRefMap, 'name'));
  const subjects = seqItems(doc, seqAt(doc, object.root, 'subjects'))
    .filter(isMap)
    .map((map) => {
      const nameNode = scalarNode(nodeAt(doc, map, 'name'));
      const namespace = scalarText(nodeAt(doc, map, 'namespace'));
      return { map: map as YAMLMap, kind: scalarText(nodeAt(doc, map, 'kind')) ?? '', name: nameNode ? String(nameNode.value) : '', namespace: namespace || undefined, nameNode };
    });
  return {
    roleRefKind: scalarText(nodeAt(doc, roleRefMap, 'kind')),
    roleRefName: roleRefNameNode ? String(roleRefNameNode.value) : undefined,
    roleRefNameNode,
    roleRefMap,
    subjects,
  };
}

function scalarNode(node: unknown): Scalar | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? node : undefined;
}

function scalarText(node: unknown): string | undefined {
  return scalarNode(node) ? String((node as Scalar).value) : undefined;
}
