import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@app/eventstore';
import { AccessDeniedError, AuthenticationError } from './auth.errors';
import { ACTOR_KEY } from './current-actor.decorator';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';
import { actorFromClaims } from './token-claims';
import { UNIT_DIRECTORY } from './auth.tokens';
import type { UnitDirectory } from './unit-directory';

/**
 * Global guard: every route needs `Authorization: Bearer <HS256 JWT>` unless marked `@Public()`;
 * `@Roles(...)` then narrows by role. Unit scoping is the domain's job, not the guard's.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(UNIT_DIRECTORY) private readonly directory: UnitDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> } & Record<string, unknown>>();
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new AuthenticationError('TOKEN_MISSING', 'Authorization: Bearer <token> header is required');
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = (error as { name?: string }).name === 'TokenExpiredError';
      throw new AuthenticationError(expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID', expired ? 'Token has expired' : 'Token signature or format is invalid');
    }
    const actor = actorFromClaims(claims, this.directory);
    request[ACTOR_KEY] = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new AccessDeniedError(`Role ${actor.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }
}
