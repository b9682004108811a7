import type { StoredEvent } from '@app/eventstore';
import type { OpinionRaised } from '@app/opinions';
import { defineReport, type Column, type ReportContext, type Row } from '../report';
import { compare } from '../shared/compare';
import { inUnitScope, localityLabel, topicLabel } from '../shared/labels';
import { isOpinionEvent } from '../shared/opinion-track';
import { dateOf, periodOf, withinPeriod } from '../shared/report-dates';

interface TrendsState {
  context: ReportContext;
  /** `period␀dimension␀key` → count: bounded by periods × (topics + localities), not by opinions. */
  counts: Map<string, number>;
  labels: Map<string, string>;
}

const COLUMNS: readonly Column[] = [
  { key: 'period', header: 'Kỳ', kind: 'text' },
  { key: 'dimension', header: 'Phân loại', kind: 'text' },
  { key: 'key', header: 'Mã', kind: 'text' },
  { key: 'label', header: 'Nội dung', kind: 'text' },
  { key: 'opinions', header: 'Số ý kiến', kind: 'integer' },
];

const DIMENSIONS = { topic: 'Chủ đề', locality: 'Địa bàn' } as const;

/**
 * Opinions raised per month or quarter (by the day they were said), counted by topic and by
 * locality (province / district / commune as recorded at the time, so old districts stay).
 */
export const trendsReport = defineReport<TrendsState>({
  name: 'trends',
  title: 'Xu hướng ý kiến',
  summary: 'số ý kiến theo chủ đề và theo địa bàn, theo tháng hoặc quý (--period month|quarter)',
  columns: COLUMNS,
  init: (context) => ({ context, counts: new Map(), labels: new Map() }),
  apply(state, event) {
    if (event.type !== 'OpinionRaised' || !isOpinionEvent(event)) return state;
    const data = (event as StoredEvent<OpinionRaised>).data;
    const { params, directory } = state.context;
    const said = dateOf(data.saidAt);
    if (!withinPeriod(said, params) || !inUnitScope(directory, data.organisingUnit, params.unit)) return state;
    const period = periodOf(said, params.period);
    const locality = localityLabel(data.locality);
    count(state, period, 'topic', data.topic, topicLabel(data.topic));
    count(state, period, 'locality', locality, locality);
    return state;
  },
  rows(state) {
    const rows: Row[] = [];
    for (const [id, opinions] of state.counts) {
      const [period, dimension, key] = id.split('\u0000');
      rows.push({ period, dimension: DIMENSIONS[dimension as keyof typeof DIMENSIONS], key, label: state.labels.get(id) ?? key, opinions });
    }
    return rows.sort(
      (a, b) => compare(a.period, b.period) || compare(a.dimension, b.dimension) || compare(b.opinions, a.opinions) || compare(a.key, b.key),
    );
  },
});

function count(state: TrendsState, period: string, dimension: keyof typeof DIMENSIONS, key: string, label: string): void {
  const id = `${period}\u0000${dimension}\u0000${key}`;
  state.counts.set(id, (state.counts.get(id) ?? 0) + 1);
  state.labels.set(id, label);
}
