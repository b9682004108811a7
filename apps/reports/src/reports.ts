import { auditReport } from './audit/audit.report';
import { backlogReport } from './backlog/backlog.report';
import { departmentsReport } from './departments/departments.report';
import type { Report } from './report';
import { sessionsReport } from './sessions/sessions.report';
import { trendsReport } from './trends/trends.report';

/** Reports that are a single replay through a reducer; `verify` also reads MongoDB and is wired in main. */
export const REPLAY_REPORTS: readonly Report[] = [sessionsReport, departmentsReport, trendsReport, backlogReport, auditReport];
