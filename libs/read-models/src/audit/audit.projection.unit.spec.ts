import { EventFactory, answered, assigned, raised, reassigned, resolved, returned, scheduled } from '../read-model.fixtures';
import { auditDetails, auditOccurredAt, auditStreamId } from './audit-entry.document';
import { auditProjection } from './audit.projection';

describe('audit projection', () => {
  const f = new EventFactory({ id: 'u-sec', name: 'Lê Thị Thư', role: 'secretary', unit: 'HP-KA' });
  const events = [
    f.session(scheduled('s1')),
    f.session({ type: 'SessionHeld', data: { sessionId: 's1', heldAt: '2024-11-28T07:30:00+07:00', chairedBy: 'B', attendance: 3 } }),
    f.opinion(raised('o1', 's1')),
    f.opinion(assigned('o1', 's1')),
    f.opinion(reassigned('o1', 's1')),
    f.opinion(answered('o1', 's1')),
    f.opinion(returned('o1', 's1')),
    f.opinion(resolved('o1', 's1')),
    f.session({ type: 'SessionClosed', data: { sessionId: 's1', minutesSummary: 'x' } }),
  ];

  it.each(events.map((e) => [e.type, e] as const))('%s becomes one entry with who, what, when and where', (_, event) => {
    const entry = auditProjection.evolve(null, event)!;
    expect(entry).toEqual(
      expect.objectContaining({
        _id: event.id,
        action: event.type,
        actor: event.metadata.actor,
        unit: 'HP-KA',
        sessionId: 's1',
        recordedAt: event.metadata.recordedAt,
        correlationId: event.metadata.correlationId,
      }),
    );
    expect(auditOccurredAt(entry)).toBe(event.metadata.occurredAt);
    expect(entry.position).toBe(event.position.toString().padStart(20, '0'));
    expect(auditStreamId(entry)).toBe(event.streamId);
    expect(auditProjection.documentId(event)).toBe(event.id);
  });

  it.each(events.map((e) => [e.type, e] as const))('%s applied twice leaves the entry unchanged', (_, event) => {
    const entry = auditProjection.evolve(null, event);
    expect(auditProjection.evolve(entry, event)).toBe(entry);
  });

  it.each(events.map((e) => [e.type, e] as const))('%s stores its ids once, and its details read back as the event data', (_, event) => {
    const entry = auditProjection.evolve(null, event)!;
    expect(entry.details).not.toHaveProperty('sessionId');
    expect(entry.details).not.toHaveProperty('opinionId');
    const { citizen: _personal, ...data } = event.data as Record<string, unknown>;
    expect(auditDetails(entry)).toEqual(data);
  });

  it.each(events.map((e) => [e.type, e] as const))('%s stores no stream id that its opinion or session id gives back', (_, event) => {
    expect(auditProjection.evolve(null, event)).not.toHaveProperty('streamId');
  });

  it('stores the stream id when it is not the one the ids give back', () => {
    const event = { ...events[3], streamId: 'opinion-legacy-o1' };
    const entry = auditProjection.evolve(null, event)!;
    expect(entry.streamId).toBe('opinion-legacy-o1');
    expect(auditStreamId(entry)).toBe('opinion-legacy-o1');
  });

  it('never copies the citizen into the audit log', () => {
    const entry = auditProjection.evolve(null, events[2])!;
    expect(entry.opinionId).toBe('o1');
    expect(JSON.stringify(entry)).not.toContain('Nguyễn Thị Hoa');
  });

  it('stores when the event happened only when it is not when it was recorded', () => {
    const now = { ...events[3], metadata: { ...events[3].metadata, occurredAt: '2030-01-01T00:00:00.000Z', recordedAt: '2030-01-01T00:00:00.000Z' } };
    expect(auditProjection.evolve(null, now)).not.toHaveProperty('occurredAt');
    expect(auditOccurredAt(auditProjection.evolve(null, now)!)).toBe('2030-01-01T00:00:00.000Z');
    const earlier = { ...now, metadata: { ...now.metadata, occurredAt: '2029-12-31T23:00:00.000Z' } };
    expect(auditProjection.evolve(null, earlier)).toHaveProperty('occurredAt', '2029-12-31T23:00:00.000Z');
    expect(auditOccurredAt(auditProjection.evolve(null, earlier)!)).toBe('2029-12-31T23:00:00.000Z');
  });
});
