import type { RelatedInfo } from '../engine/rule.ts';
import { lineColumnRange, type Positions, type ReportedRelated } from './report.ts';
import { positionAmong } from '../engine/text.ts';

/**
 * Positions findings' related information. Related offsets come from the workspace index, so the
 * locator is told each text the index is given and measures offsets against that text. It keeps
 * only where that text's lines start, not the text: a scan of 10,000 files would otherwise hold
 * every file's text until its end.
 */
export class RelatedLocator {
  private readonly lines = new Map<string, LineStarts>();

  constructor(private readonly shownPath: (path: string) => string) {}

  /** Notes the text the workspace index now holds for a path. */
  setText(path: string, text: string): void {
    this.lines.set(path, new LineStarts(text));
  }

  /** Related information in line/column form; entries into files the scan holds no text for are left out. */
  locate(related: readonly RelatedInfo[] | undefined): ReportedRelated[] {
    if (!related?.length) return [];
    return related.flatMap((info) => {
      const lines = this.lines.get(info.path);
      return lines ? [{ message: info.message, path: this.shownPath(info.path), ...lineColumnRange(lines, info.start, info.end) }] : [];
    });
  }
}

/** Where each line of a text starts (as LineIndex counts lines, after each `\n`), and the text's length. */
class LineStarts implements Positions {
  private readonly starts: Uint32Array;
  private readonly length: number;

  constructor(text: string) {
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
    this.starts = starts;
    this.length = text.length;
  }

  /** 0-based line and column of an offset, clamped to the text (as LineIndex.position). */
  position(offset: number): { line: number; column: number } {
    return positionAmong(this.starts, this.length, offset);
  }
}
