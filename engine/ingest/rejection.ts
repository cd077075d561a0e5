/**
 * A record that could not be replayed: it goes to rejected.csv with its reason, and is counted,
 * never thrown (STYLE rule 6).
 */

export interface Rejection {
  file: string;
  /** 1-based line where the record starts (0 when unknown). */
  line: number;
  /** The record's ticket id, when it could be read. */
  id: string;
  reason: string;
  /** A short stable code for grouping reasons in summary.json (`bad-date`, `ragged-row`...). */
  code: string;
}

export const REJECTED_CSV_HEADER = 'file,line,id,code,reason\n';
