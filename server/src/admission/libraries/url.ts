// Kubernetes' URL library (k8s.io/apiserver/pkg/cel/library/urls.go): url(), isURL() and the
// accessors. Like Go's url.ParseRequestURI: absolute URLs and absolute paths are URLs.
import type { Environment } from '@marcbachmann/cel-js';

/** A parsed URL; `host` keeps IPv6 brackets and the port as written. */
export class KubeURL {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly query: string,
  ) {}
}

/** Parses like Go's url.ParseRequestURI; throws when the text is not an absolute URL or path. */
export function parseURL(text: string): KubeURL {
  const fail = () => new Error(`URL parse error during conversion from string: parse ${JSON.stringify(text)}: invalid URI for request`);
  if (/[\u0000-\u001f\u007f]/.test(text) || text === '') throw fail();
  const withoutFragment = text.split('#')[0];
  const absolute = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(withoutFragment);
  if (!absolute) {
    if (!withoutFragment.startsWith('/')) throw fail();
    const [path, query = ''] = splitOnce(withoutFragment, '?');
    return new KubeURL('', '', path, query);
  }
  const [, scheme, rest] = absolute;
  if (!rest.startsWith('//')) {
    if (!rest.startsWith('/')) throw fail();
    const [path, query = ''] = splitOnce(rest, '?');
    return new KubeURL(scheme, '', path, query);
  }
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?]/);
  const authority = end === -1 ? afterSlashes : afterSlashes.slice(0, end);
  const [path, query = ''] = splitOnce(end === -1 ? '' : afterSlashes.slice(end), '?');
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (/^\[/.test(host) ? !/^\[[0-9a-fA-F:.]+(%[^\]]+)?\](:\d*)?$/.test(host) : !/^[^:]*(:\d*)?$/.test(host)) throw fail();
  return new KubeURL(scheme, host, path, query);
}

/** The path as Go's URL.EscapedPath writes it: characters outside the path set percent-encoded. */
function escapePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (char) => encodeURIComponent(char));
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function hostname(url: KubeURL): string {
  const bracket = /^\[([^\]]*)\]/.exec(url.host);
  if (bracket) return bracket[1];
  const colon = url.host.lastIndexOf(':');
  return colon === -1 ? url.host : url.host.slice(0, colon);
}

function port(url: KubeURL): string {
  const match = /:(\d*)$/.exec(url.host.replace(/^\[[^\]]*\]/, ''));
  return match ? match[1] : '';
}

function query(url: KubeURL): Map<string, string[]> {
  const result = new Map<string, string[]>();
  if (!url.query) return result;
  for (const part of url.query.split('&')) {
    if (!part) continue;
    const [key, value = ''] = splitOnce(part, '=');
    const decode = (item: string) => decodeURIComponent(item.replace(/\+/g, ' '));
    const name = decode(key);
    result.set(name, [...(result.get(name) ?? []), decode(value)]);
  }
  return result;
}

/** Registers url(), isURL() and the URL accessors. */
export function registerURL(env: Environment): void {
  const U = 'kubernetes.URL';
  env.registerType(U, KubeURL);
  env.registerFunction(`url(string): ${U}`, parseURL);
  env.registerFunction('isURL(string): bool', (text: string) => {
    try {
      parseURL(text);
      return true;
    } catch {
      return false;
    }
  });
  env.registerFunction(`${U}.getScheme(): string`, (url: KubeURL) => url.scheme);
  env.registerFunction(`${U}.getHost(): string`, (url: KubeURL) => url.host);
  env.registerFunction(`${U}.getHostname(): string`, hostname);
  env.registerFunction(`${U}.getPort(): string`, port);
  env.registerFunction(`${U}.getEscapedPath(): string`, (url: KubeURL) => escapePath(url.path));
  env.registerFunction(`${U}.getQuery(): map<string, list<string>>`, query);
}
