import type { Actor } from '@app/eventstore';
import { VerifiedTokens } from './verified-tokens';

const actor: Actor = { id: 'leader-1', name: 'Nguyễn Văn A', role: 'leader', unit: 'P' };

describe('VerifiedTokens', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('answers for a verified token until its exp, then forgets it', () => {
    const tokens = new VerifiedTokens(10, clock);
    tokens.set('a.b.c', actor, now / 1000 + 60);
    expect(tokens.get('a.b.c')).toEqual(actor);
    now += 60_000;
    expect(tokens.get('a.b.c')).toBeUndefined();
  });

  it('matches the whole token, not a token with the same signature', () => {
    const tokens = new VerifiedTokens(10, clock);
    tokens.set('h.p.sig', actor, now / 1000 + 60);
    expect(tokens.get('h.other.sig')).toBeUndefined();
  });

  it('keeps no token without exp', () => {
    const tokens = new VerifiedTokens(10, clock);
    tokens.set('a.b.c', actor, undefined);
    expect(tokens.get('a.b.c')).toBeUndefined();
  });

  it('evicts the least recently used token beyond capacity', () => {
    const tokens = new VerifiedTokens(2, clock);
    const exp = now / 1000 + 60;
    tokens.set('1', actor, exp);
    tokens.set('2', actor, exp);
    tokens.get('1');
    tokens.set('3', actor, exp);
    expect(tokens.get('2')).toBeUndefined();
    expect(tokens.get('1')).toEqual(actor);
    expect(tokens.get('3')).toEqual(actor);
  });
});
