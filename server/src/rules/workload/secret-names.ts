/**
 * Deciding from a name alone (an env var, a ConfigMap key) whether its value is probably a secret.
 * Word-aware: the name is split at `_ - . /`, spaces and camelCase humps, so `KEYCLOAK_URL` and
 * `MONKEY` hold no word `key`.
 */

/** Words that name a secret on their own (plurals too). */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'passphrase', 'secret', 'token', 'credential', 'cred', 'key', 'apikey', 'privatekey', 'secretkey', 'accesskey',
]);

/** Endings that make a longer word a secret word: `dbpassword`, `authtoken`, `clientsecret`, `htpasswd`. */
const SECRET_ENDINGS = ['password', 'passwd', 'secret', 'token', 'credential', 'credentials'];

/**
 * A last word that makes the name refer to a secret or describe it, rather than hold it:
 * `AWS_ACCESS_KEY_ID`, `SECRET_NAME`, `TOKEN_FILE`, `PASSWORD_MIN_LENGTH`, `API_KEY_HEADER`.
 */
const REFERENCE_SUFFIXES = new Set([
  'id', 'ids', 'name', 'names', 'file', 'files', 'path', 'paths', 'dir', 'directory', 'location', 'url', 'uri', 'endpoint', 'host',
  'port', 'ref', 'reference', 'length', 'len', 'size', 'ttl', 'expiry', 'expiration', 'lifetime', 'timeout', 'type', 'algorithm',
  'format', 'header', 'field', 'prefix', 'suffix', 'pattern', 'separator', 'alias', 'fingerprint', 'version', 'count', 'policy',
  'mode', 'provider', 'issuer', 'audience', 'enabled', 'disabled', 'required', 'rotation', 'region',
]);

/** Words that make `key` a non-secret key: `PUBLIC_KEY`, `SORT_KEY`, `ROUTING_KEY`, `CACHE_KEY`. */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'public', 'sort', 'partition', 'cache', 'primary', 'foreign', 'routing', 'shard', 'idempotency', 'lookup', 'dedup',
]);

/** File extensions dropped before judging a ConfigMap key like `credentials.json` (`key` is not one: `tls.key`). */
const FILE_EXTENSIONS = new Set(['json', 'yaml', 'yml', 'txt', 'conf', 'cfg', 'ini', 'properties', 'env', 'pem', 'toml']);

/** The lower-case words of a name: `dbPassword` -> [db, password], `AWS_SECRET_ACCESS_KEY` -> [aws, secret, access, key]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}

function isSecretWord(word: string, words: string[]): boolean {
  const base = singular(word);
  if (base === 'pwd') return words.length > 1; // `PWD` alone is the shell's working directory
  if (base === 'key' && words.some((other) => NON_SECRET_KEY_QUALIFIERS.has(other))) return false;
  if (SECRET_WORDS.has(base)) return true;
  return SECRET_ENDINGS.some((ending) => word.endsWith(ending));
}

/**
 * True when a name says its value is a secret: one of its words is a secret word (`password`,
 * `passwd`, `pwd` beside other words, `token`, `secret`, `key`, `apikey`, `credential`...), and
 * its last word does not make it a reference to one (`*_KEY_ID`, `*_SECRET_NAME`, `*_TOKEN_FILE`).
 * `private` alone (`PRIVATE_REGISTRY`) is not a secret; `PRIVATE_KEY` is, through `key`.
 */
export function looksLikeSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || REFERENCE_SUFFIXES.has(words[words.length - 1])) return false;
  return words.some((word) => isSecretWord(word, words));
}

/** SSH private key file names: `id_rsa`, `id_ed25519`... (their `.pub` halves are public). */
const SSH_PRIVATE_KEY_FILE = /(^|[/._-])id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/i;
/** A GCP service-account key file: `service-account.json`, `sa-key.json`, `gcp_service_account.json`. */
const GCP_KEY_FILE = /(^|[/._-])service[-_]?account[\w.-]*\.json$/i;

/**
 * True when a ConfigMap key (often a file name) looks like a credential: a secret-looking name
 * once its file extension is dropped (`credentials.json`, `tls.key`, `.htpasswd`), an SSH private
 * key file, or a GCP service-account key file.
 */
export function looksLikeCredentialKey(key: string): boolean {
  if (SSH_PRIVATE_KEY_FILE.test(key) || GCP_KEY_FILE.test(key)) return true;
  const words = nameWords(key);
  while (words.length > 1 && FILE_EXTENSIONS.has(words[words.length - 1])) words.pop();
  return looksLikeSecretName(words.join('_'));
}
