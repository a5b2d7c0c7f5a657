/**
 * Container image references as the container runtime reads them:
 * `[registry[:port]/]path[:tag][@algorithm:hex]`, with Docker Hub as the implied registry.
 */
export interface ImageReference {
  /** The registry host (with port), `docker.io` when the reference names none. */
  registry: string;
  /** True when the reference names its registry itself. */
  explicitRegistry: boolean;
  /** The repository path, `library/` added for official Docker Hub images (`nginx` -> `library/nginx`). */
  repository: string;
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:...`; when present the runtime pulls exactly this content. */
  digest?: string;
  /** `registry/repository`, e.g. `docker.io/library/nginx`: what allow-lists compare against. */
  name: string;
}

export const DEFAULT_REGISTRY = 'docker.io';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]+)?$/;
const DOCKER_HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io']);

/** Parses an image reference; undefined when it is not one (empty, whitespace, `$(VAR)` templates, bad syntax). */
export function parseImageReference(image: string): ImageReference | undefined {
  if (image === '' || /\s/.test(image)) return undefined;
  const [withoutDigest, digest, ...extra] = image.split('@');
  if (extra.length > 0 || (digest !== undefined && !DIGEST.test(digest))) return undefined;
  const { name, tag } = splitTag(withoutDigest);
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  const { host, path } = splitRegistry(name);
  if (host !== undefined && !HOST.test(host)) return undefined;
  const components = path.split('/');
  if (!components.every((component) => PATH_COMPONENT.test(component))) return undefined;
  const registry = normalizeRegistry(host ?? DEFAULT_REGISTRY);
  const repository = registry === DEFAULT_REGISTRY && components.length === 1 ? `library/${path}` : path;
  return { registry, explicitRegistry: host !== undefined, repository, tag, digest, name: `${registry}/${repository}` };
}

/** The tag is what follows the last `:` after the last `/`; a `:` before it belongs to a registry port. */
function splitTag(reference: string): { name: string; tag?: string } {
  const colon = reference.indexOf(':', reference.lastIndexOf('/') + 1);
  return colon === -1 ? { name: reference } : { name: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

/**
 * The first path component is a registry host when it has a `.` or `:`, is `localhost`, or has
 * capitals (repository paths are lower case), as Docker's reference library decides.
 */
function splitRegistry(name: string): { host?: string; path: string } {
  const slash = name.indexOf('/');
  if (slash === -1) return { path: name };
  const first = name.slice(0, slash);
  const isHost = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || first.startsWith('[');
  return isHost ? { host: first, path: name.slice(slash + 1) } : { path: name };
}

function normalizeRegistry(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DEFAULT_REGISTRY : lower;
}

/** True when the reference pins content by digest, so that the same reference always runs the same image. */
export function isPinnedByDigest(reference: ImageReference): boolean {
  return reference.digest !== undefined;
}

/**
 * An allow-list entry (`quay.io`, `quay.io/prometheus`, `https://registry.example.com/`) in the form
 * references are compared in: no scheme, no trailing slash, registry host in lower case.
 */
export function normalizeRegistryPrefix(entry: string): string {
  const trimmed = entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  const host = slash === -1 ? trimmed : trimmed.slice(0, slash);
  return normalizeRegistry(host) + (slash === -1 ? '' : trimmed.slice(slash));
}

/**
 * True when an allow-list entry covers a reference: its normalised name equals the entry or starts
 * with it followed by `/` (`quay.io/prometheus` covers `quay.io/prometheus/node-exporter`, not
 * `quay.io/prometheusx/app`). Tags and digests play no part.
 */
export function isCoveredBy(reference: ImageReference, entry: string): boolean {
  const prefix = normalizeRegistryPrefix(entry);
  if (prefix === '') return false;
  return reference.name === prefix || reference.name.startsWith(`${prefix}/`);
}
