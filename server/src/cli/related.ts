import type { RelatedInfo } from '../engine/rule.ts';
import { LineIndex } from '../engine/text.ts';
import { lineColumnRange, type ReportedRelated } from './report.ts';

/**
 * Positions findings' related information. Related offsets come from the workspace index, so the
 * locator is told each text the index is given and measures offsets against that text; line
 * indexes are built only for files that related information points into.
 */
export class RelatedLocator {
  private readonly texts = new Map<string, string>();
  private readonly lineIndexes = new Map<string, LineIndex>();

  constructor(private readonly shownPath: (path: string) => string) {}

  /** Notes the text the workspace index now holds for a path. */
  setText(path: string, text: string): void {
    this.texts.set(path, text);
    this.lineIndexes.delete(path);
  }

  /** Related information in line/column form; entries into files the scan holds no text for are left out. */
  locate(related: readonly RelatedInfo[] | undefined): ReportedRelated[] {
    if (!related?.length) return [];
    return related.flatMap((info) => {
      const lines = this.linesOf(info.path);
      return lines ? [{ message: info.message, path: this.shownPath(info.path), ...lineColumnRange(lines, info.start, info.end) }] : [];
    });
  }

  private linesOf(path: string): LineIndex | undefined {
    let lines = this.lineIndexes.get(path);
    if (!lines) {
      const text = this.texts.get(path);
      if (text === undefined) return undefined;
      lines = new LineIndex(text);
      this.lineIndexes.set(path, lines);
    }
    return lines;
  }
}
