/** Maps between string offsets and 0-based line/column positions of one text. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based line and column (UTF-16 code units, as LSP and JS strings count) of an offset. */
  position(offset: number): { line: number; column: number } {
    return positionAmong(this.lineStarts, this.text.length, offset);
  }

  /** Offset of a 0-based line/column, clamped to the text. */
  offset(line: number, column: number): number {
    if (line < 0) return 0;
    if (line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[line] + column, this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of a line, before its `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === '\r' && next - 1 >= this.lineStarts[line] ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** The newline sequence a text mostly uses. */
export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Orders strings by UTF-16 code units: the same order on every machine, and no ICU collator to
 * build (`localeCompare`'s first call costs several ms, which a server pays at start).
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0-based line and column of an offset, clamped to [0, length], given where each line starts. */
export function positionAmong(lineStarts: ArrayLike<number>, length: number, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, length));
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low, column: clamped - lineStarts[low] };
}
