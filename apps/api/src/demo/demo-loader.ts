import type { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/eventstore';
import {
  AnswerOpinionCommand,
  AssignOpinionCommand,
  CloseSessionCommand,
  HoldSessionCommand,
  RaiseOpinionCommand,
  ReassignOpinionCommand,
  ResolveOpinionCommand,
  ReturnAnswerCommand,
  ScheduleSessionCommand,
  uuidV5,
  type RequestContext,
  type WriteResult,
} from '@app/opinions';
import { DEMO_SESSIONS, type DemoActor, type DemoSession, type DemoStep } from './demo-sessions.fixture';

const actorOf = ({ role, unit, name }: DemoActor): Actor => ({ id: uuidV5(`demo-actor\n${unit}\n${name}`), name, role, unit });

/**
 * Loads the demo sessions through the same command bus as the API, so every event passes the
 * same decisions. Each command has an idempotency key derived from the fixture, so a second load
 * (e.g. after a crash half-way) writes nothing twice.
 */
export async function loadDemoData(bus: CommandBus, sessions: DemoSession[] = DEMO_SESSIONS): Promise<{ sessions: number; opinions: number; events: number; opinionIds: string[] }> {
  let events = 0;
  const opinionIds: string[] = [];
  const run = async <C extends object>(command: C): Promise<WriteResult> => {
    const result = await bus.execute<C, WriteResult>(command);
    if (!result.replayed) events++;
    return result;
  };
  for (const s of sessions) {
    const ctx = (by: DemoActor, step: string, at: string): RequestContext => ({
      actor: actorOf(by),
      correlationId: `demo-${s.key}`,
      idempotencyKey: `demo:${s.key}:${step}`,
      ...(at !== 'now' && { actedAt: new Date(at) }),
    });
    const { id: sessionId } = await run(
      new ScheduleSessionCommand(
        { title: s.title, organisingUnit: s.organisingUnit, coOrganisers: s.coOrganisers, locality: s.locality, venue: s.venue, plannedAt: s.plannedAt },
        ctx(s.secretary, 'schedule', s.scheduledAt),
      ),
    );
    await run(new HoldSessionCommand({ sessionId, heldAt: s.heldAt, chairedBy: s.chairedBy, attendance: s.attendance }, ctx(s.secretary, 'hold', s.heldAt)));
    const raised: string[] = [];
    for (const [i, o] of s.opinions.entries()) {
      const { id } = await run(
        new RaiseOpinionCommand(
          { sessionId, topic: o.topic, content: o.content, citizen: o.citizen, channel: o.channel, saidAt: o.saidAt },
          // Typed in from the secretary's notes the day after.
          ctx(s.secretary, `raise:${i}`, new Date(Date.parse(o.saidAt) + 86_400_000).toISOString()),
        ),
      );
      raised.push(id);
      opinionIds.push(id);
    }
    if (s.closed) {
      await run(new CloseSessionCommand({ sessionId, minutesSummary: s.closed.minutesSummary }, ctx(s.secretary, 'close', s.closed.at)));
    }
    for (const [i, o] of s.opinions.entries()) {
      for (const [j, step] of o.steps.entries()) await run(stepCommand(raised[i], step, ctx(step.by, `opinion:${i}:${j}`, step.at)));
    }
  }
  return { sessions: sessions.length, opinions: opinionIds.length, events, opinionIds };
}

function stepCommand(opinionId: string, step: DemoStep, context: RequestContext): object {
  switch (step.do) {
    case 'answer':
      return new AnswerOpinionCommand({ opinionId, content: step.content }, context);
    case 'assign':
      return new AssignOpinionCommand({ opinionId, department: step.department, ...(step.instructions && { instructions: step.instructions }) }, context);
    case 'reassign':
      return new ReassignOpinionCommand({ opinionId, to: step.to, reason: step.reason }, context);
    case 'return':
      return new ReturnAnswerCommand({ opinionId, reason: step.reason }, context);
    case 'resolve':
      return new ResolveOpinionCommand({ opinionId, resolutionNote: step.note }, context);
    default: {
      const never: never = step;
      throw new Error(`unknown demo step ${JSON.stringify(never)}`);
    }
  }
}
