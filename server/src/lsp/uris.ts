import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file system path of a `file:` URI; other schemes (untitled:, ...) keep the URI as their path. */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** The `file:` URI of a path; a path that is itself a URI (see uriToPath) is returned as is. */
export function pathToUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path;
  return pathToFileURL(path).href;
}

/** A URI in one canonical spelling, so that URIs from the client and from the disk compare equal. */
export function normalizeUri(uri: string): string {
  return uri.startsWith('file:') ? pathToUri(uriToPath(uri)) : uri;
}
