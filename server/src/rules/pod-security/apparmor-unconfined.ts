import { isScalar, Node, Scalar } from 'yaml';
import { defineRule, RuleContext } from '../../engine/rule.ts';
import { mapAt, mapPairs, nodeAt, pairOf } from '../../engine/nodes.ts';
import { WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { securityContextsOf } from './pod-fields.ts';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];

export default defineRule({
  id: 'apparmor-unconfined',
  title: 'AppArmor disabled',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags an `appArmorProfile` (pod or container securityContext) whose type is not RuntimeDefault or Localhost, ' +
      'in practice `Unconfined`, and the legacy pod annotation `container.apparmor.security.beta.kubernetes.io/<container>` ' +
      'with a value other than `runtime/default` or `localhost/<profile>`, in practice `unconfined`.',
    rationale:
      'The runtime\'s default AppArmor profile denies writes to /proc and /sys, mount, and access to raw kernel ' +
      'interfaces. Unconfined drops that layer, so a kernel or runtime bug that needs one of those operations becomes a ' +
      'working container escape.',
    incorrect: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: unconfined
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            appArmorProfile:
              type: Unconfined
`,
    correct: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            appArmorProfile:
              type: RuntimeDefault
`,
    fix:
      'Sets the profile type to `RuntimeDefault`, or the annotation value to `runtime/default`. Unsafe where it replaces a ' +
      'written profile (the manifest asked for it); safe where it fills in the type of an appArmorProfile that has none.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tutorials/security/apparmor/',
      'https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/policy/check_appArmorProfile.go',
    ],
    notes:
      'The annotation is deprecated since Kubernetes 1.30 (the field replaced it) but admission still checks it, so this ' +
      'rule does too. An `appArmorProfile` without a type is flagged as admission does (its type is not an allowed one).',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    for (const { owner, context } of securityContextsOf(workload, ctx.containers())) checkField(ctx, owner, context);
    checkAnnotations(ctx, nodeAt(ctx.object.yaml, workload.podMetadata, 'annotations'));
  },
});

function checkField(ctx: RuleContext, owner: string, context: Node): void {
  const yaml = ctx.object.yaml;
  const profile = mapAt(yaml, context, 'appArmorProfile');
  if (!profile) return;
  const type = nodeAt(yaml, profile, 'type');
  if (!isScalar(type) || type.value == null) {
    ctx.report({
      node: pairOf(yaml, context, 'appArmorProfile')!.key as Scalar,
      message: `${owner} sets an appArmorProfile without a type`,
      fixes: [{ title: 'Set appArmorProfile type: RuntimeDefault', edits: ctx.editor().setIn(profile, ['type'], 'RuntimeDefault') }],
    });
    return;
  }
  if (ALLOWED_TYPES.includes(String(type.value))) return;
  ctx.report({
    node: type,
    message: `${owner} runs with AppArmor profile ${String(type.value)}: AppArmor confinement is off`,
    fixes: [{ title: 'Set appArmorProfile type: RuntimeDefault', safe: false, edits: [ctx.editor().replaceScalar(type, 'RuntimeDefault')] }],
  });
}

function checkAnnotations(ctx: RuleContext, annotations: Node | undefined): void {
  for (const pair of mapPairs(ctx.object.yaml, annotations)) {
    const key = String(pair.key.value);
    if (!key.startsWith(ANNOTATION_PREFIX)) continue;
    const value = pair.value;
    if (!isScalar(value) || isAllowedAnnotationValue(value.value == null ? '' : String(value.value))) continue;
    const container = key.slice(ANNOTATION_PREFIX.length);
    ctx.report({
      node: value,
      message: `annotation ${key} runs container "${container}" with AppArmor profile ${String(value.value)}: AppArmor confinement is off`,
      fixes: [{ title: 'Set the annotation to runtime/default', safe: false, edits: [ctx.editor().replaceScalar(value, 'runtime/default')] }],
    });
  }
}

function isAllowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}
