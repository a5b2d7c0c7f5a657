import type { YAMLError } from 'yaml';
import { EXPANSION_MESSAGES } from './expansion.ts';

// Parse errors are shown in the editor, the CLI, JSON and SARIF, and land in CI logs. The `yaml`
// package quotes the offending text in many of its messages ("The !Welcome2024! tag has no
// suffix"), and a malformed line is often a secret. Only messages known to hold no source text
// are passed through; every other one is replaced by a message that names the problem only.

/** Library messages made of fixed text alone. */
const FIXED_MESSAGES = new Set([
  'An alias node must not specify any properties',
  'Alias cannot be an empty string',
  'Alias ending in : is ambiguous',
  'Anchor cannot be an empty string',
  'Anchor ending in : is ambiguous',
  'All sequence items must start at the same column',
  'A block sequence may not be used as an implicit map key',
  'Nested mappings are not allowed in compact mappings',
  'Block collections are not allowed within flow collections',
  'Map keys must be unique',
  'Block scalar header not found',
  "Missing closing 'quote",
  'Missing closing "quote',
  'Block collection cannot start on same line with directives-end marker',
  'Comments must be separated from other tokens by white space characters',
  'Implicit map keys need to be followed by map values',
  'Missing directives-end indicator line',
  'Missing directives-end/doc-start indicator line',
  'Sequence item without - indicator',
  'Tags and anchors must be separated from the next token by white space',
  'Implicit keys need to be on a single line',
  'Implicit keys of flow sequence pairs need to be on a single line',
  'A node can have at most one anchor',
  'A node can have at most one tag',
  'Tabs are not allowed as indentation',
  'Verbatim tags must end with a >',
  ...EXPANSION_MESSAGES,
]);

/** What each kind of error means, for messages that could quote the document. */
const MESSAGE_BY_CODE: Record<string, string> = {
  ALIAS_PROPS: 'an alias node must not have an anchor or a tag',
  BAD_ALIAS: 'an alias or anchor name is invalid',
  BAD_DIRECTIVE: 'a directive (a line starting with %) is invalid',
  BAD_DQ_ESCAPE: 'a double-quoted string holds an invalid escape sequence',
  BAD_INDENT: 'the indentation is wrong',
  BAD_PROP_ORDER: 'an anchor or tag is placed before its indicator',
  BAD_SCALAR_START: 'a plain value starts with a reserved character (quote the value)',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection is used as a key',
  BLOCK_IN_FLOW: 'a block collection is inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'a mapping has the same key twice',
  KEY_OVER_1024_CHARS: 'an implicit key is longer than 1024 characters',
  MISSING_CHAR: 'a character is missing (a closing quote or bracket, a comma, or a space after a colon)',
  MULTILINE_IMPLICIT_KEY: 'a key spans several lines',
  MULTIPLE_ANCHORS: 'a node has more than one anchor',
  MULTIPLE_DOCS: 'a document holds more than one top-level node',
  MULTIPLE_TAGS: 'a node has more than one tag',
  NON_STRING_KEY: 'a mapping key is not a string',
  RESOURCE_EXHAUSTION: 'aliases or merge keys expand too far',
  TAB_AS_INDENT: 'tabs are used as indentation',
  TAG_RESOLVE_FAILED: 'a tag (a value starting with !) is invalid or unknown; quote the value if it is text',
  UNEXPECTED_TOKEN: 'unexpected text here',
  BAD_COLLECTION_TYPE: 'a tag does not fit the kind of collection it is on',
};

/** A parse error's message that names the problem without quoting any of the document's text. */
export function safeParseMessage(error: Pick<YAMLError, 'code' | 'message'>): string {
  const firstLine = error.message.split('\n')[0];
  if (FIXED_MESSAGES.has(firstLine)) return firstLine;
  return MESSAGE_BY_CODE[error.code] ?? 'the YAML is invalid here';
}
