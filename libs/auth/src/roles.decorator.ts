import { SetMetadata } from '@nestjs/common';
import type { Role } from '@app/eventstore';

export const REQUIRED_ROLES = 'auth:roles';

/** Restricts an endpoint to these roles (checked by the global guard after authentication). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);
