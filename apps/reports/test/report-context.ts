import type { ReportContext, ReportParams } from '../src/report';
import { fixtureContext } from './report-fixture';

export const contextFor = (params: Partial<ReportParams> = {}): ReportContext => ({
  directory: fixtureContext.directory,
  calendar: fixtureContext.calendar,
  params: { referenceDate: '2025-12-31', period: 'month', ...params },
});
