import { JwtService } from '@nestjs/jwt';
import type { Actor } from '@app/eventstore';
import { AuthenticationError } from './auth.errors';
import { canSeePersonalData } from './personal-data.policy';
import { actorFromClaims } from './token-claims';
import { signToken } from './token-signer';
import type { UnitDirectory } from './unit-directory';

// A three-level tree: province P, department P-PC06, district P-D, commune P-D-C.
const parents: Record<string, string | undefined> = { P: undefined, 'P-PC06': 'P', 'P-D': 'P', 'P-D-C': 'P-D' };
const directory: UnitDirectory = {
  has: (code) => code in parents,
  isSameOrBelow: (code, ancestor) => {
    for (let c: string | undefined = code; c; c = parents[c]) if (c === ancestor) return true;
    return false;
  },
};
const actor = (role: Actor['role'], unit: string): Actor => ({ id: `${role}-1`, name: 'Nguyễn Văn A', role, unit });

describe('token claims', () => {
  it('round-trips an actor through a signed HS256 token', async () => {
    const secret = 'x'.repeat(40);
    const token = signToken(secret, actor('leader', 'P'), '1h');
    const claims = await new JwtService({ secret }).verifyAsync(token, { algorithms: ['HS256'] });
    expect(actorFromClaims(claims, directory)).toEqual(actor('leader', 'P'));
  });

  it('rejects a unit the directory does not know', () => {
    expect(() => actorFromClaims({ sub: 'a', name: 'A', role: 'leader', unit: 'NOPE' }, directory)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_UNIT' }),
    );
  });

  it('rejects an unknown role and missing claims', () => {
    expect(() => actorFromClaims({ sub: 'a', name: 'A', role: 'admin', unit: 'P' }, directory)).toThrow(AuthenticationError);
    expect(() => actorFromClaims({ name: 'A', role: 'leader', unit: 'P' }, directory)).toThrow(AuthenticationError);
  });
});

describe('canSeePersonalData', () => {
  const scope = { organisingUnit: 'P-D', holder: 'P-PC06' };
  it.each([
    ['secretary of the organising unit', actor('secretary', 'P-D'), true],
    ['leader of the province above it', actor('leader', 'P'), true],
    ['leader of a commune below it', actor('leader', 'P-D-C'), false],
    ['officer of the holding department', actor('officer', 'P-PC06'), true],
    ['officer of another unit', actor('officer', 'P-D'), false],
    ['auditor', actor('auditor', 'P'), false],
    ['reporter', actor('reporter', 'P'), false],
  ])('%s', (_, who, expected) => {
    expect(canSeePersonalData(who, scope, directory)).toBe(expected);
  });

  it('officers see nothing personal on an unassigned opinion', () => {
    expect(canSeePersonalData(actor('officer', 'P-D'), { organisingUnit: 'P-D' }, directory)).toBe(false);
  });
});
