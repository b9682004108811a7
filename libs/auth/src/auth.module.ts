import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { BearerAuthGuard } from './bearer-auth.guard';
import { UNIT_DIRECTORY } from './auth.tokens';
import type { UnitDirectory } from './unit-directory';

export interface AuthOptions {
  /** HS256 secret (from `jwtSecret(config)`). */
  secret: string;
  directory: UnitDirectory;
}

/** Registers the global bearer guard; import once in an app's root module. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [
        JwtModule.register({
          // A KeyObject, not a string: jsonwebtoken otherwise tries to parse the string as a PEM public key on every verify.
          secret: createSecretKey(Buffer.from(options.secret, 'utf8')) as unknown as string,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      providers: [
        { provide: UNIT_DIRECTORY, useValue: options.directory },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
      ],
      exports: [JwtModule, UNIT_DIRECTORY],
    };
  }
}
