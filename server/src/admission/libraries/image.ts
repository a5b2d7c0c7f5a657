// Kubernetes' image library (k8s.io/apiserver/pkg/cel/library/image.go, Kubernetes 1.33+):
// image(string), isImage(string), and an Image's containsDigest, registry, repository,
// identifier, tag and digest, parsed as go-containerregistry's name.ParseReference does.
import type { Environment } from '@marcbachmann/cel-js';

/** A parsed image reference. */
export class ImageReference {
  constructor(
    readonly registry: string,
    readonly repository: string,
    readonly tag: string,
    readonly digest: string,
  ) {}
}

const DEFAULT_REGISTRY = 'index.docker.io';
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REPOSITORY_COMPONENT = /^[a-z0-9_.-]+$/;
const REGISTRY = /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/;

/** Parses an image reference; undefined when it is not one. */
export function parseImage(text: string): ImageReference | undefined {
  let rest = text;
  let digest = '';
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return undefined;
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return undefined;
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!;
    if (!REGISTRY.test(registry)) return undefined;
  }
  if (registry === 'docker.io') registry = DEFAULT_REGISTRY;
  if (parts.length === 0 || parts.some((part) => !REPOSITORY_COMPONENT.test(part))) return undefined;
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  // A reference with a digest is a digest reference: its tag, if written, is dropped.
  return new ImageReference(registry, parts.join('/'), digest ? '' : tag || 'latest', digest);
}

/** Registers the image library. */
export function registerImage(env: Environment): void {
  const I = 'kubernetes.Image';
  env.registerType(I, ImageReference);
  env.registerFunction(`image(string): ${I}`, (text: string) => {
    const parsed = parseImage(text);
    if (!parsed) throw new Error(`could not parse reference: ${text}`);
    return parsed;
  });
  env.registerFunction('isImage(string): bool', (text: string) => parseImage(text) !== undefined);
  env.registerFunction(`${I}.containsDigest(): bool`, (image: ImageReference) => image.digest !== '');
  env.registerFunction(`${I}.registry(): string`, (image: ImageReference) => image.registry);
  env.registerFunction(`${I}.repository(): string`, (image: ImageReference) => image.repository);
  env.registerFunction(`${I}.identifier(): string`, (image: ImageReference) => image.digest || image.tag);
  env.registerFunction(`${I}.tag(): string`, (image: ImageReference) => image.tag);
  env.registerFunction(`${I}.digest(): string`, (image: ImageReference) => image.digest);
}
