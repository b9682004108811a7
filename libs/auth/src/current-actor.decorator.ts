import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@app/eventstore';
import { AuthenticationError } from './auth.errors';

/** Request property where the guard leaves the authenticated actor. */
export const ACTOR_KEY = 'actor';

export const actorOf = (request: Record<string, unknown>): Actor => {
  const actor = request[ACTOR_KEY] as Actor | undefined;
  if (!actor) throw new AuthenticationError('TOKEN_MISSING', 'This endpoint needs an authenticated caller');
  return actor;
};

/** The authenticated caller as the `Actor` written into events. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor =>
  actorOf(context.switchToHttp().getRequest()),
);
