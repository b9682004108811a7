import type { RequestContext, StreamCommand } from './handling';
import type { OpinionEvent } from './opinion.events';
import { evolveOpinion, initialOpinionState, type OpinionState } from './opinion.state';
import { opinionStream, sessionStream } from './opinion.stream';
import type { SessionEvent } from './session.events';
import { evolveSession, initialSessionState, type SessionState } from './session.state';

type Decide<S, E> = (state: S, now: Date) => E;

/** A command on an existing opinion, as its handler hands it to the runner. */
export const opinionCommand = <P extends { opinionId: string }>(
  type: string,
  payload: P,
  context: RequestContext,
  decide: Decide<OpinionState, OpinionEvent>,
): StreamCommand<OpinionState, OpinionEvent> => ({
  type,
  payload,
  context,
  id: payload.opinionId,
  stream: opinionStream(payload.opinionId),
  creation: false,
  evolve: evolveOpinion,
  initial: initialOpinionState,
  decide,
});

/** A command on an existing session, as its handler hands it to the runner. */
export const sessionCommand = <P extends { sessionId: string }>(
  type: string,
  payload: P,
  context: RequestContext,
  decide: Decide<SessionState, SessionEvent>,
  occurredAt?: (event: SessionEvent) => string | undefined,
): StreamCommand<SessionState, SessionEvent> => ({
  type,
  payload,
  context,
  id: payload.sessionId,
  stream: sessionStream(payload.sessionId),
  creation: false,
  evolve: evolveSession,
  initial: initialSessionState,
  decide,
  occurredAt,
});
