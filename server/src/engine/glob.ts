/**
 * A small glob matcher for `exclude` patterns, matched against forward-slash paths relative to the
 * config file's folder: `*` and `?` stay within one path segment, `**` spans any number of them
 * (`charts/**` also matches the folder `charts` itself, so the walk can skip it whole).
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  for (let i = 0; i < normalized.length; i++) {
    const char = normalized[i];
    if (char === '*' && normalized[i + 1] === '*') {
      const atStart = i === 0 || normalized[i - 1] === '/';
      const slashAfter = normalized[i + 2] === '/';
      const atEnd = i + 2 === normalized.length;
      if (atStart && slashAfter) {
        source += '(?:.*/)?';
        i += 2;
      } else if (atStart && atEnd && i > 0) {
        source = source.slice(0, -1) + '(?:/.*)?';
        i += 1;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source.replace(/\/$/, '')}$`);
}

/** A predicate telling whether a relative path matches any of the patterns. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const expressions = patterns.map(globToRegExp);
  return (relativePath) => {
    const path = relativePath.replace(/\\/g, '/');
    return expressions.some((expression) => expression.test(path));
  };
}
