/** The full-line comments of a YAML text, trimmed, for "comments survive" checks. */
export function commentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('#'));
}

/** Trailing comments (`key: value # note`) of a YAML text, trimmed. */
export function trailingComments(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /\s(#.*)$/.exec(line)?.[1]?.trim())
    .filter((comment): comment is string => comment !== undefined && !/["']/.test(comment));
}
