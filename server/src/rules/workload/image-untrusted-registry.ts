import { defineRule } from '../../engine/rule.ts';
import { describeContainer, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { containerImage } from './container-image.ts';
import { isCoveredBy } from './image-reference.ts';

export default defineRule({
  id: 'image-untrusted-registry',
  title: 'Image from an untrusted registry',
  category: 'workload',
  severity: 'warning',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  options: {
    allowedRegistries: {
      type: 'string[]',
      default: [],
      description:
        'Registries or repository prefixes images may come from, e.g. `registry.example.com` or `quay.io/prometheus`. ' +
        'Empty (the default) turns the rule off.',
    },
  },
  docs: {
    description:
      'Flags container images whose registry and repository are not covered by `allowedRegistries`. Bare names are Docker Hub images ' +
      '(`nginx` is `docker.io/library/nginx`). An entry covers a reference at a path boundary: `quay.io/prometheus` covers ' +
      '`quay.io/prometheus/node-exporter` but not `quay.io/prometheusx/app`. With no entries configured the rule reports nothing.',
    rationale:
      'An image is code that runs with the pod\'s identity, secrets and network reach. Public registries host typo-squatted and ' +
      'backdoored images, and a registry you do not control can change what a tag points to. Keeping images to registries you mirror, ' +
      'scan and sign makes a supply-chain compromise much harder to slip into the cluster.',
    incorrect: `# with allowedRegistries: [registry.example.com]
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: docker.io/someone/nginx:1.27
`,
    correct: `# with allowedRegistries: [registry.example.com]
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: registry.example.com/mirror/nginx:1.27
`,
    fix: 'None: mirror the image into an allowed registry (or add the registry to `allowedRegistries` after review) and point the manifest at it.',
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#imagepolicywebhook',
      'CIS Kubernetes Benchmark 5.5.1: configure image provenance',
    ],
    notes:
      'The rule is off until `allowedRegistries` lists something, so the incorrect example above is only flagged with that setting. ' +
      'Entries are compared without scheme and trailing slash, registry hosts case-insensitively, and `index.docker.io` as `docker.io`; ' +
      'to allow official Docker Hub images write `docker.io/library`. Images that are not plain references (`$(IMAGE)`) are left alone.',
  },
  check(ctx) {
    const allowed = (ctx.options.allowedRegistries as string[] | undefined) ?? [];
    if (allowed.length === 0) return;
    for (const container of ctx.containers()) {
      const image = containerImage(container);
      if (!image || allowed.some((entry) => isCoveredBy(image.reference, entry))) continue;
      ctx.report({
        node: image.node,
        message: `${describeContainer(container)}: image "${image.text}" comes from ${image.reference.name}, which allowedRegistries does not cover`,
      });
    }
  },
});
