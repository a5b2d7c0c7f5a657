import { Parser } from 'yaml';
import type { TextEdit } from './edits.ts';
import type { LineIndex } from './text.ts';

/**
 * Comments are the user's words: an edit that removes YAML text keeps every comment that text
 * held, on a line of its own. This module finds comments (through the YAML parser, so a `#` in a
 * quoted or block scalar is not one) and turns removed ones into lines to keep.
 */

/** Where a comment stands: [start, end) of `# ...` in the text. */
export interface CommentSpan {
  start: number;
  end: number;
}

let lastText: string | undefined;
let lastSpans: CommentSpan[] = [];

/** Every comment of a YAML text, in text order (the last text's answer is remembered: rules fix one document at a time). */
export function findComments(text: string): CommentSpan[] {
  if (text !== lastText) {
    lastSpans = scanComments(text);
    lastText = text;
  }
  return lastSpans;
}

function scanComments(text: string): CommentSpan[] {
  const spans: CommentSpan[] = [];
  try {
    for (const token of new Parser().parse(text)) collectComments(token, spans, 0);
  } catch {
    return spans;
  }
  return spans.sort((a, b) => a.start - b.start);
}

function collectComments(token: unknown, spans: CommentSpan[], depth: number): void {
  if (depth > 200 || token === null || typeof token !== 'object') return;
  if (Array.isArray(token)) {
    for (const item of token) collectComments(item, spans, depth + 1);
    return;
  }
  const record = token as Record<string, unknown>;
  if (record.type === 'comment' && typeof record.offset === 'number' && typeof record.source === 'string') {
    spans.push({ start: record.offset, end: record.offset + record.source.length });
    return;
  }
  for (const value of Object.values(record)) {
    if (value !== null && typeof value === 'object') collectComments(value, spans, depth + 1);
  }
}

/**
 * The lines that keep the comments of [start, end) once that text is gone: a comment alone on its
 * line stays as written; a trailing one (`- NET_RAW # why`) moves to a line of its own, indented
 * like the line it ended.
 */
export function keptCommentLines(text: string, lines: LineIndex, comments: CommentSpan[], start: number, end: number): string[] {
  const kept: string[] = [];
  for (const comment of comments) {
    if (comment.start < start || comment.start >= end) continue;
    const lineStart = lines.lineStart(lines.position(comment.start).line);
    const before = text.slice(lineStart, comment.start);
    const indent = /^[ \t]*/.exec(before)![0];
    kept.push(`${indent}${text.slice(comment.start, comment.end).trimEnd()}`);
  }
  return kept;
}

/**
 * An edit that removes text, made to keep the comments it would delete. A removal of whole lines
 * gets the kept comment lines in their place; any other removal keeps them on lines above the
 * line where it starts (a comment line is valid YAML between any two tokens).
 */
export function keepingComments(edit: TextEdit, text: string, lines: LineIndex, comments: CommentSpan[], eol: string): TextEdit {
  const kept = keptCommentLines(text, lines, comments, edit.start, edit.end);
  if (kept.length === 0) return edit;
  const lineStart = lines.lineStart(lines.position(edit.start).line);
  const keptText = kept.map((line) => `${line}${eol}`).join('');
  if (edit.start === lineStart) return { ...edit, newText: `${keptText}${edit.newText}` };
  return { start: lineStart, end: edit.end, newText: `${keptText}${text.slice(lineStart, edit.start)}${edit.newText}` };
}
