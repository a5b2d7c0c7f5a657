import { defineRule } from '../../engine/rule.ts';
import { describeContainer, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { containerImage } from './container-image.ts';
import type { ImageReference } from './image-reference.ts';

/** Why a reference may run different content tomorrow, or undefined when it is pinned well enough. */
function mutability(reference: ImageReference, requireDigest: boolean): string | undefined {
  if (reference.digest !== undefined) return undefined;
  if (requireDigest) return 'is not pinned by digest (requireDigest is on): add @sha256:<digest>';
  if (reference.tag === undefined) return 'has no tag, so it runs whatever `latest` points to when the node pulls it';
  if (reference.tag === 'latest') return 'uses the mutable `latest` tag';
  return undefined;
}

export default defineRule({
  id: 'image-mutable-tag',
  title: 'Mutable image tag',
  category: 'workload',
  severity: 'warning',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  options: {
    requireDigest: {
      type: 'boolean',
      default: false,
      description: 'Flag every image that is not pinned by digest (`@sha256:...`), whatever its tag.',
    },
  },
  docs: {
    description:
      'Flags container images with no tag or the `latest` tag, and, when `requireDigest` is on, every image without a digest. ' +
      'An image with a digest (`app@sha256:...`) is pinned even without a tag; `localhost:5000/app` has a registry port, not a tag.',
    rationale:
      'A tag is a movable pointer. Whoever can push to the repository (a compromised CI job, a leaked registry token, a typo-squatted ' +
      'public image) can make the next pod start, restart or reschedule run different code, with no change to the manifest and nothing ' +
      'in review. `latest` also makes rollbacks and incident forensics guesswork: nobody knows which build ran. A digest names the exact content.',
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
    spec:
      containers:
        - name: app
          image: nginx:latest
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
          image: nginx:1.27.3@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a
`,
    fix: 'None: only you know which version to run. Pin a specific tag, better its digest (`crane digest`, `docker buildx imagetools inspect`).',
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
      'CIS Kubernetes Benchmark 5.5.1: configure image provenance',
    ],
    notes:
      'A reference with both a tag and a digest counts as pinned: the runtime pulls by digest and ignores the tag. ' +
      'Images the parser cannot read as a reference (for example `$(IMAGE)` placeholders) are left alone.',
  },
  check(ctx) {
    const requireDigest = ctx.options.requireDigest === true;
    for (const container of ctx.containers()) {
      const image = containerImage(container);
      if (!image) continue;
      const problem = mutability(image.reference, requireDigest);
      if (!problem) continue;
      ctx.report({ node: image.node, message: `${describeContainer(container)}: image "${image.text}" ${problem}` });
    }
  },
});
