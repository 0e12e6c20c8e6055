import { MultiBar } from 'cli-progress';

/** Where progress bars are drawn: a terminal (stderr, so that stdout stays what the command prints). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

/** Live bars for long work; `update` takes each bar's value and total by label. */
export interface Progress {
  update(values: Readonly<Record<string, { value: number; total: number; detail?: string }>>): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/**
 * Bars labelled in French (`Invitations envoyées |████░░| 12/40`), one per label, drawn on
 * `stream` when it is a terminal (cli-progress); on a pipe or a log, nothing: the commands print
 * their own lines there. Always `stop()` them (try/finally): they hold a redraw timer.
 */
export function progressBars(stream: ProgressStream | undefined, labels: readonly string[]): Progress {
  if (!stream?.isTTY) return NONE;
  const width = Math.max(...labels.map((l) => l.length));
  const multibar = new MultiBar({
    stream: stream as NodeJS.WritableStream,
    format: '{label} |{bar}| {value}/{total} {detail}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: false,
    autopadding: true,
    emptyOnZero: true,
  });
  const bars = new Map(labels.map((label) => [label, multibar.create(0, 0, { label: label.padEnd(width), detail: '' })]));
  return {
    update(values) {
      for (const [label, { value, total, detail }] of Object.entries(values)) {
        const bar = bars.get(label);
        if (!bar) continue;
        bar.setTotal(total);
        bar.update(value, { detail: detail ?? '' });
      }
      multibar.update();
    },
    stop: () => multibar.stop(),
  };
}
