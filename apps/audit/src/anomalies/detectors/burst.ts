/**
 * Whether a seller's count in the current window is a burst against its own baseline: at least
 * `minCount`, and more than `factor` times its average per window over the baseline period.
 * A seller without history has a baseline of 0, so only `minCount` applies to it.
 */
export function isBurst(
  current: number,
  baselineCount: number,
  windowsInBaseline: number,
  thresholds: { burstMinCount: number; burstFactor: number },
): boolean {
  const perWindow = baselineCount / windowsInBaseline;
  return current >= thresholds.burstMinCount && current > thresholds.burstFactor * perWindow;
}
