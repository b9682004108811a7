import { JwtService } from '@nestjs/jwt';
import type { Actor } from '@app/eventstore';
import { claimsOf } from './token-claims';

/** Signs a bearer token for an actor (used by the token CLI, the demo and tests). */
export function signToken(secret: string, actor: Actor, expiresIn: string | number = '8h'): string {
  return new JwtService({ secret }).sign(claimsOf(actor), { algorithm: 'HS256', expiresIn: expiresIn as never });
}
