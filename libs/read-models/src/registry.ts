import { auditProjection } from './audit/audit.projection';
import { opinionsProjection } from './opinions/opinions.projection';
import type { Projection } from './projection';
import { sessionsProjection } from './sessions/sessions.projection';

/** Every read model the projector maintains, by name (the `projections:rebuild <name>` argument). */
export const ALL_PROJECTIONS: readonly Projection[] = [opinionsProjection, sessionsProjection, auditProjection] as readonly Projection[];

export const projectionNamed = (name: string): Projection | undefined => ALL_PROJECTIONS.find((p) => p.name === name);
