// When a crashed server is started again: at most `max` restarts within `windowMs`
// (vscode-languageclient's own default is 4 in 3 minutes). No editor API here.

export class RestartPolicy {
  private readonly times: number[] = [];

  constructor(
    readonly max = 4,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Record a crash at `now` (ms); true when the server should be started again. */
  crashed(now: number): boolean {
    this.times.push(now);
    while (this.times.length > 0 && now - this.times[0] > this.windowMs) this.times.shift();
    return this.times.length <= this.max;
  }

  /** Forget the crashes (after a manual restart). */
  reset(): void {
    this.times.length = 0;
  }
}
