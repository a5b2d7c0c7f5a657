import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCoveredBy, normalizeRegistryPrefix, parseImageReference } from '../../server/src/rules/workload/image-reference.ts';
import imageMutableTag from '../../server/src/rules/workload/image-mutable-tag.ts';
import imageUntrustedRegistry from '../../server/src/rules/workload/image-untrusted-registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { lintOptions } from '../helpers/lint.ts';

const DIGEST = 'sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a';

function parsed(image: string) {
  const reference = parseImageReference(image);
  assert.ok(reference, `${image} parses`);
  return reference;
}

describe('parseImageReference', () => {
  test('a bare name is an official Docker Hub image without tag', () => {
    assert.deepEqual(parsed('nginx'), {
      registry: 'docker.io', explicitRegistry: false, repository: 'library/nginx', tag: undefined, digest: undefined, name: 'docker.io/library/nginx',
    });
  });

  test('a tag follows the last colon after the last slash', () => {
    const reference = parsed('bitnami/redis:7.2.4-debian-12');
    assert.equal(reference.name, 'docker.io/bitnami/redis');
    assert.equal(reference.tag, '7.2.4-debian-12');
  });

  test('a registry port is not a tag', () => {
    const reference = parsed('localhost:5000/app');
    assert.equal(reference.registry, 'localhost:5000');
    assert.equal(reference.repository, 'app');
    assert.equal(reference.tag, undefined);
    assert.equal(parsed('registry.example.com:5000/team/app:1.2').tag, '1.2');
  });

  test('the first component is a registry when it has a dot, a colon, is localhost, or has capitals', () => {
    assert.equal(parsed('localhost/app').registry, 'localhost');
    assert.equal(parsed('ghcr.io/org/app:v1').registry, 'ghcr.io');
    assert.equal(parsed('MyRegistry/app').registry, 'myregistry');
    assert.equal(parsed('team/app').registry, 'docker.io');
    assert.equal(parsed('[::1]:5000/app').registry, '[::1]:5000');
  });

  test('digests, with or without a tag', () => {
    const digestOnly = parsed(`app@${DIGEST}`);
    assert.equal(digestOnly.digest, DIGEST);
    assert.equal(digestOnly.tag, undefined);
    const both = parsed(`quay.io/org/app:1.0@${DIGEST}`);
    assert.equal(both.tag, '1.0');
    assert.equal(both.digest, DIGEST);
    assert.equal(parsed(`localhost:5000/app@${DIGEST}`).registry, 'localhost:5000');
  });

  test('Docker Hub aliases normalise to docker.io', () => {
    assert.equal(parsed('index.docker.io/library/nginx').name, 'docker.io/library/nginx');
    assert.equal(parsed('docker.io/nginx:1.27').name, 'docker.io/library/nginx');
    assert.equal(parsed('docker.io/someone/nginx').name, 'docker.io/someone/nginx');
  });

  test('what is not a reference', () => {
    for (const image of ['', ' nginx', 'nginx ', '$(IMAGE)', 'nginx:', 'Nginx', 'app@sha256:short', 'a@b@c', 'registry.example.com/', 'app:bad/tag']) {
      assert.equal(parseImageReference(image), undefined, JSON.stringify(image));
    }
  });
});

describe('isCoveredBy', () => {
  test('an entry covers a reference at a path boundary only', () => {
    const exporter = parsed('quay.io/prometheus/node-exporter:v1.8.2');
    assert.ok(isCoveredBy(exporter, 'quay.io/prometheus'));
    assert.ok(isCoveredBy(exporter, 'quay.io'));
    assert.ok(isCoveredBy(exporter, 'quay.io/prometheus/node-exporter'));
    assert.ok(!isCoveredBy(parsed('quay.io/prometheusx/app'), 'quay.io/prometheus'));
    assert.ok(!isCoveredBy(parsed('quay.io.evil.com/prometheus/app'), 'quay.io'));
  });

  test('bare names are docker.io/library images', () => {
    assert.ok(isCoveredBy(parsed('nginx:1.27'), 'docker.io/library'));
    assert.ok(isCoveredBy(parsed('nginx:1.27'), 'docker.io'));
    assert.ok(!isCoveredBy(parsed('someone/nginx'), 'docker.io/library'));
  });

  test('registry ports are part of the host', () => {
    assert.ok(isCoveredBy(parsed('localhost:5000/app'), 'localhost:5000'));
    assert.ok(!isCoveredBy(parsed('localhost:5000/app'), 'localhost'));
  });

  test('entries are normalised: scheme, trailing slash, host case, Docker Hub aliases', () => {
    assert.equal(normalizeRegistryPrefix('https://Registry.Example.com/team/'), 'registry.example.com/team');
    assert.equal(normalizeRegistryPrefix('index.docker.io/library'), 'docker.io/library');
    assert.ok(isCoveredBy(parsed('registry.example.com/team/app'), 'https://Registry.Example.com/team/'));
    assert.ok(!isCoveredBy(parsed('nginx'), ''));
  });
});

describe('image-mutable-tag with requireDigest', () => {
  const manifest = (image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: ${image}
`;
  const findings = (image: string, requireDigest: boolean) =>
    lintText('pod.yaml', manifest(image), lintOptions({ rules: { 'image-mutable-tag': { requireDigest } } }, [imageMutableTag])).findings;

  test('a pinned tag without digest is flagged only when digests are required', () => {
    assert.equal(findings('nginx:1.27', false).length, 0);
    const [finding, ...rest] = findings('nginx:1.27', true);
    assert.equal(rest.length, 0);
    assert.match(finding.message, /not pinned by digest/);
  });

  test('a digest satisfies requireDigest, with or without a tag', () => {
    assert.equal(findings(`nginx@${DIGEST}`, true).length, 0);
    assert.equal(findings(`nginx:1.27@${DIGEST}`, true).length, 0);
  });
});

describe('image-untrusted-registry without allowedRegistries', () => {
  test('reports nothing until a list is configured', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: evil.example.com/app:1\n';
    assert.equal(lintText('pod.yaml', text, lintOptions({}, [imageUntrustedRegistry])).findings.length, 0);
    const configured = lintOptions({ rules: { 'image-untrusted-registry': { allowedRegistries: ['registry.example.com'] } } }, [imageUntrustedRegistry]);
    assert.equal(lintText('pod.yaml', text, configured).findings.length, 1);
  });
});
