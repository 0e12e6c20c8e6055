/**
 * Every size the system accepts, in one place (docs/rules.md#limits). Each is checked before the
 * work it bounds, and crossing it is a 4xx naming the limit: 413 for a body, 400 for a list, a
 * string or a file's rows. Nothing is written when a limit is crossed.
 */

/**
 * A request body, in bytes: what fits in Lambda's 6 MB event once API Gateway has base64-encoded
 * it (a workbook, a Windows-1252 CSV: 4 bytes for 3), with room for the headers. Beyond → 413.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Data rows of a company file (blank rows not counted). */
export const MAX_COMPANY_ROWS = 10_000;

/**
 * Columns of a spreadsheet's row (up to its last non-empty cell): a SIRENE extract has about 50,
 * Excel allows 16,384. A 4 MB file of one line of 2 million empty fields is not a table.
 */
export const MAX_COLUMNS = 200;

/**
 * An `.xlsx` workbook is a zip: a 4 MB upload could inflate to gigabytes. Before anything is
 * unzipped, the parts read (`.xml`) may declare 100 MB in all (a 10,000-row company file is about
 * 5 MB), the zip may hold 1,000 entries (a workbook has a few dozen), and a part over 1 MB may not
 * declare more than 250 times its compressed size (sheets compress 5 to 30 times). Each part is then
 * inflated with a cap at the size it declares: a zip that lies about its sizes is refused.
 */
export const MAX_XLSX_UNZIPPED_BYTES = 100 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 1_000;
export const MAX_XLSX_RATIO = 250;

/** Rows of one kind of a quarter's inputs (costs, subsidies, advances…), blank lines not counted. */
export const MAX_QUARTER_INPUT_ROWS = 2_000;

/** Errors an answer lists: the first ones, then their count (`errorCount`), so an answer stays small. */
export const MAX_LISTED_ERRORS = 100;

/** Values of one campaign filter (communes, NAF sections, size bands). */
export const MAX_FILTER_VALUES = 500;

/** A name (structure, contact, company, category, funder). */
export const MAX_NAME_LENGTH = 200;

/**
 * How far ahead an applicant's start date may be, in years: a structure plans its move a few months,
 * at most a year or two, ahead; 9999-12-31 is a typing slip, not a plan.
 */
export const MAX_YEARS_AHEAD = 2;

/**
 * Requests the local HTTP server runs at once, and how many more wait their turn before a 503. A waiting
 * request has not had its body read (it stays in the socket), so a long queue costs little memory; it
 * absorbs a burst such as a hundred companies answering at once, as API Gateway would.
 */
export const MAX_CONCURRENT_REQUESTS = 32;
export const MAX_QUEUED_REQUESTS = 1000;

/**
 * How long a mail claimed for sending (SENDING) belongs to its sender: past it, the sender is taken
 * for dead (a crash between the claim and the outcome) and the next attempt sends the mail again.
 * Ten times a function's timeout (30 s): far above one SES call, even paced and retried within a task.
 */
export const MAIL_SENDING_LEASE_MS = 5 * 60_000;

/**
 * How old a pending SIRET claim with no recorded application must be to count as an orphan (its
 * confirmation crashed between the claim and the record), which the next application takes over.
 * Far above the few milliseconds between the two writes.
 */
export const ORPHAN_CLAIM_AFTER_MS = 5 * 60_000;
