/**
 * charts/action-mix: how often the agent would have performed each action, most frequent first,
 * metered actions apart from the utilities Flex Credits never meter (Escalate to Human...).
 */

import type { TopLevelSpec } from 'vega-lite';
import { isMetered } from '../../engine/actions.js';
import type { Summary } from '../../engine/summary.js';
import { METERED_COLOR, THEME, UNMETERED_COLOR, VL_SCHEMA } from './theme.js';

const METERED = 'Metered (billed by Flex Credits)';
const UNMETERED = 'Not metered (utility)';

/** Action mix: one horizontal bar per action name, sorted by count, coloured metered/unmetered. */
export function actionMix(summary: Summary): TopLevelSpec {
  const total = summary.actions.total;
  const values = Object.entries(summary.actions.byName)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([action, count]) => ({
      action,
      count,
      share: total > 0 ? count / total : 0,
      metering: isMetered(action) ? METERED : UNMETERED,
      label: `${count.toLocaleString('en-US')} (${total > 0 ? ((count / total) * 100).toFixed(1) : '0.0'}%)`,
    }));
  const max = Math.max(1, ...values.map((v) => v.count));
  const tickets = summary.counts.replayed;
  return {
    $schema: VL_SCHEMA,
    title: {
      text: 'Action mix',
      subtitle: `${total.toLocaleString('en-US')} actions over ${tickets.toLocaleString('en-US')} tickets ` +
        `(${tickets > 0 ? (total / tickets).toFixed(2) : '0'} per ticket); ${summary.actions.metered.toLocaleString('en-US')} metered`,
    },
    width: 520,
    height: { step: 26 },
    data: { values },
    encoding: {
      y: { field: 'action', type: 'nominal', sort: values.map((v) => v.action), title: null, axis: { labelLimit: 320, labelFontSize: 12 } },
      x: {
        field: 'count', type: 'quantitative', title: 'Actions performed (count)',
        scale: { domain: [0, max * 1.3], nice: false }, axis: { format: ',d', tickCount: 5, tickMinStep: 1 },
      },
      tooltip: [
        { field: 'action', type: 'nominal', title: 'Action' },
        { field: 'count', type: 'quantitative', title: 'Count', format: ',d' },
        { field: 'share', type: 'quantitative', title: 'Share of all actions', format: '.1%' },
        { field: 'metering', type: 'nominal', title: 'Metering' },
      ],
    },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.72 } },
        encoding: {
          color: {
            field: 'metering', type: 'nominal', title: null,
            scale: { domain: [METERED, UNMETERED], range: [METERED_COLOR, UNMETERED_COLOR] },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: { text: { field: 'label', type: 'nominal' } },
      },
    ],
    config: THEME,
  };
}
