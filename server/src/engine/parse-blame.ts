// Where a YAML syntax error belongs. The `yaml` parser notices an unclosed flow collection or
// quote only where it expected the closing character (often the next, empty line); the token to
// fix is the opening one, so the error is moved there.

/** The [start, end) document offsets to underline for a parse error the parser put at `pos`. */
export function blamedRange(text: string, message: string, pos: [number, number]): [number, number] {
  const opener = openerFor(message);
  const at = opener ? unclosedOpener(text, pos[0], opener) : undefined;
  if (at !== undefined) return [at, lineContentEnd(text, at)];
  if (isBlankAt(text, pos[0])) {
    const end = previousContentEnd(text, pos[0]);
    if (end !== undefined) return [lineContentStart(text, end - 1), end];
  }
  return [pos[0], Math.max(pos[1], pos[0] + 1)];
}

function openerFor(message: string): string | undefined {
  if (/^Flow sequence\b/.test(message)) return '[';
  if (/^Flow map\b/.test(message)) return '{';
  const quote = /^Missing closing (["'])quote/.exec(message);
  return quote?.[1];
}

/** The offset of the opening bracket or quote left open before `pos` (brackets counted, quotes and comments skipped loosely). */
function unclosedOpener(text: string, pos: number, opener: string): number | undefined {
  const from = Math.min(pos, text.length) - 1;
  if (opener === '"' || opener === "'") {
    const found = text.lastIndexOf(opener, from);
    return found >= 0 ? found : undefined;
  }
  const closer = opener === '[' ? ']' : '}';
  let depth = 0;
  for (let index = from; index >= 0; index--) {
    const char = text[index];
    if (char === closer) depth++;
    else if (char === opener) {
      if (depth === 0) return index;
      depth--;
    }
  }
  return undefined;
}

function isBlankAt(text: string, pos: number): boolean {
  if (pos >= text.length) return true;
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  let lineEnd = text.indexOf('\n', pos);
  if (lineEnd < 0) lineEnd = text.length;
  return text.slice(lineStart, lineEnd).trim() === '';
}

function previousContentEnd(text: string, pos: number): number | undefined {
  for (let index = Math.min(pos, text.length) - 1; index >= 0; index--) {
    if (!/\s/.test(text[index])) return index + 1;
  }
  return undefined;
}

function lineContentEnd(text: string, from: number): number {
  let end = text.indexOf('\n', from);
  if (end < 0) end = text.length;
  while (end > from + 1 && /\s/.test(text[end - 1])) end--;
  return end;
}

function lineContentStart(text: string, at: number): number {
  let start = text.lastIndexOf('\n', at) + 1;
  while (start < at && /[ \t]/.test(text[start])) start++;
  return start;
}
