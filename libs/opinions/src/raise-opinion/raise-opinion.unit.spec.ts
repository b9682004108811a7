import type { DomainErrorCode } from '../opinion.errors';
import { initialOpinionState } from '../opinion.state';
import type { SessionEvent } from '../session.events';
import {
  auditor, cityLeader, ctx, expectDomainError, kienAnSecretary, NOW, OPINION_ID, opinionGiven, opinionRaised,
  pc06Officer, reporter, SESSION_ID, sessionClosed, sessionGiven, sessionHeld, sessionScheduled, vinhBaoSecretary,
} from '../testing/domain.fixtures';
import { raiseOpinion, type RaiseOpinion } from './raise-opinion.decide';

const command = (overrides: Partial<RaiseOpinion> = {}): RaiseOpinion => ({
  opinionId: OPINION_ID,
  sessionId: SESSION_ID,
  topic: 'residence-id',
  content: 'Đề nghị rút ngắn thời gian cấp căn cước cho người cao tuổi.',
  citizen: { anonymous: false, name: 'Nguyễn Thị Hằng', residentialGroup: 'Tổ dân phố số 3' },
  channel: 'spoken',
  saidAt: '2024-11-26T09:10:00+07:00',
  actor: kienAnSecretary,
  now: NOW,
  ...overrides,
});

describe('raiseOpinion', () => {
  const held = { session: sessionGiven(sessionScheduled, sessionHeld), opinion: initialOpinionState };

  it.each([
    ['the secretary, days later', kienAnSecretary],
    ['city leadership', cityLeader],
  ])('records an opinion raised at a held session, by %s, copying unit and locality', (_, actor) => {
    expect(raiseOpinion(command({ actor }), held, ctx)).toEqual(opinionRaised);
  });

  it('keeps an anonymous citizen anonymous', () => {
    const event = raiseOpinion(command({ citizen: { anonymous: true }, channel: 'written' }), held, ctx);
    expect(event.data).toMatchObject({ citizen: { anonymous: true }, channel: 'written' });
  });

  it.each<[string, Partial<RaiseOpinion>, DomainErrorCode]>([
    ['an officer', { actor: pc06Officer }, 'ROLE_NOT_ALLOWED'],
    ['an auditor', { actor: auditor }, 'ROLE_NOT_ALLOWED'],
    ['a reporter', { actor: reporter }, 'ROLE_NOT_ALLOWED'],
    ['a secretary of another district', { actor: vinhBaoSecretary }, 'NOT_YOUR_SESSION'],
  ])('refuses %s', (_, overrides, code) => {
    expectDomainError(() => raiseOpinion(command(overrides), held, ctx), code);
  });

  it.each<[string, SessionEvent[], DomainErrorCode]>([
    ['unknown', [], 'SESSION_NOT_FOUND'],
    ['only scheduled', [sessionScheduled], 'SESSION_NOT_HELD'],
    ['closed', [sessionScheduled, sessionHeld, sessionClosed], 'SESSION_CLOSED'],
  ])('cannot record an opinion for a session that is %s', (_, history, code) => {
    const state = { session: sessionGiven(...history), opinion: initialOpinionState };
    expectDomainError(() => raiseOpinion(command(), state, ctx), code);
  });

  it('cannot record the same opinion twice', () => {
    const state = { ...held, opinion: opinionGiven(opinionRaised) };
    expectDomainError(() => raiseOpinion(command(), state, ctx), 'OPINION_ALREADY_EXISTS');
  });
});
