import type { FieldIssue } from '../../domain/errors.ts';

/**
 * An import's errors set against the file's own lines (docs/back-office.md): the API names each bad
 * row by its line number in the file (1 = the header); the back-office shows that line's text
 * beside what is wrong with it, so the admin fixes the file they have in hand.
 */
export interface LineErrors {
  line: number;
  /** The line as the file has it, or undefined when the file has no such line. */
  text?: string;
  messages: string[];
}

/** A file's lines as the importers count them: a byte-order mark dropped, CRLF or LF. */
export const fileLines = (fileText: string): string[] => fileText.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);

/**
 * Issues grouped by line, in line order, each with its line's text; issues that name no line (an
 * unreadable file, a missing column) come first, as line 0 without text.
 */
export function errorsByLine(fileText: string, issues: readonly Pick<FieldIssue, 'line' | 'message'>[]): LineErrors[] {
  const lines = fileLines(fileText);
  const byLine = new Map<number, string[]>();
  for (const issue of issues) {
    const line = issue.line ?? 0;
    byLine.set(line, [...(byLine.get(line) ?? []), issue.message]);
  }
  return [...byLine]
    .sort(([a], [b]) => a - b)
    .map(([line, messages]) => ({ line, ...(line >= 1 && line <= lines.length && { text: lines[line - 1] }), messages }));
}
