import type { DomainErrorCode } from '../opinion.errors';
import {
  auditor, cityLeader, ctx, expectDomainError, kienAnLeader, kienAnSecretary, NOW, OPINION_HISTORIES, OPINION_ID,
  opinionGiven, pc06Officer, reporter, SESSION_ID, vinhBaoLeader,
} from '../testing/domain.fixtures';
import { resolveOpinion, type ResolveOpinion } from './resolve-opinion.decide';

const command = (overrides: Partial<ResolveOpinion> = {}): ResolveOpinion => ({
  opinionId: OPINION_ID,
  resolutionNote: 'Đã thông báo kết quả tới người dân.',
  actor: cityLeader,
  now: NOW,
  ...overrides,
});

const resolved = {
  type: 'OpinionResolved',
  data: { opinionId: OPINION_ID, sessionId: SESSION_ID, resolutionNote: 'Đã thông báo kết quả tới người dân.' },
};

describe('resolveOpinion', () => {
  it.each<[keyof typeof OPINION_HISTORIES]>([['answered'], ['answeredOnTheSpot']])('resolves an opinion %s', (history) => {
    expect(resolveOpinion(command(), opinionGiven(...OPINION_HISTORIES[history]), ctx)).toEqual(resolved);
  });

  it('lets the organising unit’s own leader resolve', () => {
    expect(resolveOpinion(command({ actor: kienAnLeader }), opinionGiven(...OPINION_HISTORIES.answered), ctx)).toEqual(resolved);
  });

  it.each<[string, Partial<ResolveOpinion>, DomainErrorCode]>([
    ['an officer', { actor: pc06Officer }, 'ROLE_NOT_ALLOWED'],
    ['a secretary', { actor: kienAnSecretary }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor }, 'ROLE_NOT_ALLOWED'],
    ['a reporter', { actor: reporter }, 'ROLE_NOT_ALLOWED'],
    ['a leader of another district', { actor: vinhBaoLeader }, 'NOT_YOUR_SESSION'],
  ])('refuses %s', (_, overrides, code) => {
    expectDomainError(() => resolveOpinion(command(overrides), opinionGiven(...OPINION_HISTORIES.answered), ctx), code);
  });

  it.each<[keyof typeof OPINION_HISTORIES, DomainErrorCode]>([
    ['none', 'OPINION_NOT_FOUND'],
    ['raised', 'OPINION_NOT_ANSWERED'],
    ['assigned', 'OPINION_NOT_ANSWERED'],
    ['resolved', 'OPINION_ALREADY_RESOLVED'],
  ])('cannot resolve an opinion that is %s', (history, code) => {
    expectDomainError(() => resolveOpinion(command(), opinionGiven(...OPINION_HISTORIES[history]), ctx), code);
  });
});
