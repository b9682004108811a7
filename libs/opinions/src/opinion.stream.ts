/** Stream names carry only the aggregate id: never personal data. */
export const OPINION_STREAM_PREFIX = 'opinion-';
export const SESSION_STREAM_PREFIX = 'session-';

export const opinionStream = (opinionId: string): string => `${OPINION_STREAM_PREFIX}${opinionId}`;
export const sessionStream = (sessionId: string): string => `${SESSION_STREAM_PREFIX}${sessionId}`;
