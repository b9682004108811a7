import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Actor, Role } from '@app/eventstore';
import { AccessDeniedError, AuthenticationError } from './auth.errors';
import { ACTOR_KEY } from './current-actor.decorator';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';
import { actorFromClaims } from './token-claims';
import { UNIT_DIRECTORY } from './auth.tokens';
import type { UnitDirectory } from './unit-directory';
import { VerifiedTokens } from './verified-tokens';

interface RouteAccess {
  isPublic: boolean;
  roles: Role[] | undefined;
}

/**
 * Global guard: every route needs `Authorization: Bearer <HS256 JWT>` unless marked `@Public()`;
 * `@Roles(...)` then narrows by role. Unit scoping is the domain's job, not the guard's.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();
  /** Route metadata is fixed at boot; read it once per handler instead of on every request. */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(UNIT_DIRECTORY) private readonly directory: UnitDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.routeAccess(context);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> } & Record<string, unknown>>();
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new AuthenticationError('TOKEN_MISSING', 'Authorization: Bearer <token> header is required');
    const actor = this.verified.get(token) ?? (await this.verify(token));
    request[ACTOR_KEY] = actor;
    if (roles && !roles.includes(actor.role)) {
      throw new AccessDeniedError(`Role ${actor.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }

  private async verify(token: string): Promise<Actor> {
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = (error as { name?: string }).name === 'TokenExpiredError';
      throw new AuthenticationError(expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID', expired ? 'Token has expired' : 'Token signature or format is invalid');
    }
    const actor = actorFromClaims(claims, this.directory);
    this.verified.set(token, actor, claims.exp);
    return actor;
  }

  private routeAccess(context: ExecutionContext): RouteAccess {
    const [handler, type] = [context.getHandler(), context.getClass()];
    let byHandler = this.access.get(type);
    if (!byHandler) this.access.set(type, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) {
      const targets = [handler, type];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
      };
      byHandler.set(handler, access);
    }
    return access;
  }
}
