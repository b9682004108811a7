import type { ReplayProgress } from './replay';

const WIDTH = 24;
const REDRAW_MS = 100;

const grouped = (n: number): string => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} ph ${Math.ceil(seconds % 60)} s`;
}

/**
 * Progress on stderr: a redrawn bar in a terminal (events, rate, ETA from the head position of
 * `$all`), a single summary line otherwise so cron logs stay readable.
 */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
    private readonly head: bigint | undefined,
    private readonly interactive = stream.isTTY === true,
  ) {}

  update(progress: ReplayProgress): void {
    if (!this.interactive) return;
    const now = performance.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const elapsed = (now - this.started) / 1000;
    const rate = progress.events / Math.max(elapsed, 1e-3);
    const share = this.head && this.head > 0n ? Math.min(1, Number(progress.position) / Number(this.head)) : undefined;
    const eta = share && share > 0 ? (elapsed * (1 - share)) / share : Number.NaN;
    const filled = Math.round((share ?? 0) * WIDTH);
    const bar = share === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0)}% `;
    this.stream.write(
      `\r${this.label}: ${bar}${grouped(progress.events)} sự kiện · ${grouped(rate)} sự kiện/s · còn ~${duration(eta)}\x1b[K`,
    );
    this.drawn = true;
  }

  /** Ends the bar with one line that also goes to logs when not in a terminal. */
  finish(progress: ReplayProgress, outcome: string): void {
    const elapsed = (performance.now() - this.started) / 1000;
    const rate = progress.events / Math.max(elapsed, 1e-3);
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.stream.write(
      `${this.label}: ${outcome} — ${grouped(progress.events)} sự kiện trong ${elapsed.toFixed(1)} s (${grouped(rate)} sự kiện/s)\n`,
    );
  }
}
