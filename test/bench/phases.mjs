// What the bench says of where a run's memory peaked (measure.mjs samples the resident set).

/**
 * A run's peak resident set before the report and during it, from measure.mjs's samples (every
 * 100 ms, so a shorter spike can be missed: the table's peak is the exact one). The report starts
 * `beforeReportMs` after the run's clock starts, a few ms after measure's.
 */
export function phasePeaks(run) {
  const cut = run.timings?.beforeReportMs;
  if (!run.rss?.length || cut === undefined) return '';
  const peak = (keep) => Math.max(0, ...run.rss.filter(keep).map(([, mib]) => mib));
  return `peak RSS by phase (sampled): ingest+replay ${peak(([ms]) => ms <= cut)} MiB, report ${peak(([ms]) => ms > cut)} MiB`;
}
