import { looksLikeSecretName, nameWords } from './secret-names.ts';

/**
 * Finding credentials that a configuration file assigns (`token: "..."`, `password=...`,
 * `signing_key: ...`, `Authorization: Bearer ...`) inside a ConfigMap value. Returns where and what
 * kind, never the value.
 */

/** One assignment of a credential in a config text: the field name and the 1-based line. */
export interface ConfigCredential {
  field: string;
  line: number;
}

/** `key: value`, `- key: value`, `"key": "value",` (YAML, JSON). */
const COLON_ASSIGNMENT = /^\s*(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*:\s+(.*)$/;
/** `key = value`, `export KEY=value` (INI, TOML, properties, .env). */
const EQUALS_ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=]\s*(.*)$/;
/** `<password>value</password>` (XML). */
const XML_ELEMENT = /<([A-Za-z_][\w.-]*)>([^<]+)<\/\1>/g;
/** A bearer token written out: `Authorization: Bearer eyJ...`, `bearer <token>` in a header line. */
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]{12,}=*/i;

/** Values that are not a literal credential: empty, null, booleans, references to the environment or files, templates. */
function isLiteralSecretValue(raw: string): boolean {
  let value = raw.trim().replace(/,$/, '').trim();
  const quoted = /^(["'])(.*)\1$/.exec(value);
  value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '').trim();
  if (value === '' || /^(null|~|true|false|yes|no|on|off|none|\{\}|\[\]|[|>][-+]?\d*)$/i.test(value)) return false;
  if (/\$\{|\$\(|^\$[A-Za-z_]|\{\{|%\(|^<[^>]*>$|^__[A-Z0-9_]+__$/.test(value)) return false; // ${VAR}, $VAR, {{ template }}, %(x)s, <placeholder>, __INSTALLER_PLACEHOLDER__
  if (/^(\/|\.\/|~\/|file:|[a-z][a-z0-9+.-]*:\/\/)/i.test(value)) return false; // a path or a URL: where a secret is, not the secret
  if (/^[{[&*!]/.test(value)) return false; // flow collections, anchors, aliases, tags: no scalar here
  return true;
}

/** True when a config field name assigns a credential. A lone `key` is a common non-secret field (tolerations, selectors). */
function isCredentialField(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 1 && (words[0] === 'key' || words[0] === 'keys')) return false;
  return looksLikeSecretName(name);
}

/** The credential assignments of a config text, at most one per line. */
export function credentialsInConfig(text: string): ConfigCredential[] {
  if (!/[:=<]|bearer/i.test(text)) return [];
  const found: ConfigCredential[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*(#|\/\/|;)/.test(line)) return;
    if (BEARER.test(line)) {
      found.push({ field: 'a bearer token', line: index + 1 });
      return;
    }
    const assignments = [COLON_ASSIGNMENT.exec(line) ?? EQUALS_ASSIGNMENT.exec(line), ...line.matchAll(XML_ELEMENT)];
    const credential = assignments.find((match) => match && isCredentialField(match[1]) && isLiteralSecretValue(match[2]));
    if (credential) found.push({ field: credential[1], line: index + 1 });
  });
  return found;
}
