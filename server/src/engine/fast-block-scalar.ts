/**
 * The value of a `|` or `>` block scalar from its content lines (indentation removed, trailing
 * empty lines removed, at least one non-empty line), clipped (one final newline) or stripped.
 * Folding follows YAML 1.2 §8.1.3 as the `yaml` library applies it: lines join with a space, an
 * empty line is a newline, and more-indented lines keep their newlines.
 */
export function blockScalarValue(lines: readonly string[], folded: boolean, strip: boolean): string {
  const body = folded ? fold(lines) : lines.join('\n');
  return strip ? body : `${body}\n`;
}

function fold(lines: readonly string[]): string {
  let value = '';
  let separator = '';
  let previousMoreIndented = false;
  for (const line of lines) {
    if (line.startsWith(' ')) {
      if (separator === ' ') separator = '\n';
      else if (!previousMoreIndented && separator === '\n') separator = '\n\n';
      value += separator + line;
      separator = '\n';
      previousMoreIndented = true;
    } else if (line === '') {
      if (separator === '\n') value += '\n';
      else separator = '\n';
    } else {
      value += separator + line;
      separator = ' ';
      previousMoreIndented = false;
    }
  }
  return value;
}
