import { ValidationError } from '../errors.ts';

/**
 * A spreadsheet as files bring it: sheets of rows of text cells, each row numbered as the
 * spreadsheet numbers it (1 = the first line of the file, empty rows counted), so that a message
 * about « ligne 12 » points where the person looks. CSV files have one sheet; `.xlsx` workbooks
 * one per tab. See read.ts for the bytes → sheets step and table.ts for the header → columns one.
 */
export interface SheetRow {
  line: number;
  cells: string[];
}

export interface Sheet {
  /** The tab's name in a workbook; undefined for a CSV file. */
  name?: string;
  rows: SheetRow[];
}

/** What the file as a whole is refused for (the `rule` of its single issue). */
export type FileRule =
  | 'empty'
  | 'encoding'
  | 'csv'
  | 'xlsx'
  | 'xls'
  | 'not_a_spreadsheet'
  | 'required_column'
  | 'duplicate_column'
  | 'no_rows'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'too_large';

/** The field a whole-file refusal names. */
export const FILE_FIELD = '(fichier)';

/** A file refused as a whole (400): plain French sentences, also the error's message after « Fichier refusé. ». */
export const refuseFile = (rule: FileRule, message: string, issues = [{ field: FILE_FIELD, rule, message }]): ValidationError =>
  new ValidationError(issues, `Fichier refusé. ${message}`);
