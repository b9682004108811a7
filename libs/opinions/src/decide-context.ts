import type { Directory, WorkingCalendar } from '@app/directory';
import type { Actor } from '@app/eventstore';

/** Reference data a decision may consult; injected so decisions stay pure. */
export interface DecideContext {
  directory: Directory;
  calendar: WorkingCalendar;
}

/** Who asks and when: every command carries these (time comes from an injected clock). */
export interface CommandEnvelope {
  actor: Actor;
  now: Date;
}
