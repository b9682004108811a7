import { randomUUID } from 'node:crypto';
import type { Actor, EventMetadata, NewEvent } from '@app/eventstore';
import { TOPICS, opinionStream, sessionStream, type OpinionEvent, type SessionEvent } from '@app/opinions';

/** A deterministic pseudo-random source (mulberry32), so seeded workloads are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorkloadAppend {
  stream: string;
  events: NewEvent[];
}

const UNITS = ['HP-KA', 'HP-VB', 'HP-DK', 'HP-AD', 'HP-KT', 'HP-HA'];
const DEPARTMENTS = ['HP-PC02', 'HP-PC04', 'HP-PC06', 'HP-PC07', 'HP-PC08', 'HP-PA05'];

/**
 * A realistic stream of appends for tests and benchmarks: each session is scheduled and held, then
 * its opinions go through the lifecycle (on-the-spot answers, assignments, reassignments, returns,
 * resolutions). One append per session header and one per opinion lifecycle step group, so seeding
 * many events costs few round trips.
 */
export function* workload(options: { sessions: number; eventsPerSession: number; seed?: number }): Generator<WorkloadAppend> {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  let clock = Date.UTC(2024, 0, 2, 1, 0, 0);
  const meta = (actor: Actor): EventMetadata => {
    clock += 1000;
    const at = new Date(clock).toISOString();
    return { actor, correlationId: randomUUID(), causationId: randomUUID(), occurredAt: at, recordedAt: at };
  };
  for (let s = 0; s < options.sessions; s++) {
    const sessionId = randomUUID();
    const unit = UNITS[s % UNITS.length];
    const leader: Actor = { id: `leader-${unit}`, name: 'Lãnh đạo', role: 'leader', unit };
    const secretary: Actor = { id: `secretary-${unit}`, name: 'Thư ký', role: 'secretary', unit };
    const locality = { province: 'Hải Phòng', district: `Quận ${unit}`, commune: `Phường ${s}` };
    const header: SessionEvent[] = [
      {
        type: 'SessionScheduled',
        data: { sessionId, title: `Hội nghị Công an lắng nghe ý kiến Nhân dân #${s}`, organisingUnit: unit, coOrganisers: ['Ban Dân vận'], locality, venue: 'Nhà văn hoá', plannedAt: new Date(clock).toISOString() },
      },
      { type: 'SessionHeld', data: { sessionId, heldAt: new Date(clock + 3600_000).toISOString(), chairedBy: 'Trưởng Công an', attendance: 80 } },
    ];
    yield { stream: sessionStream(sessionId), events: header.map((event) => ({ event, metadata: meta(secretary) })) };
    let budget = options.eventsPerSession - header.length;
    while (budget > 0) {
      const opinionId = randomUUID();
      const department = pick(DEPARTMENTS);
      const officer: Actor = { id: `officer-${department}`, name: 'Cán bộ', role: 'officer', unit: department };
      const ids = { opinionId, sessionId };
      const steps: Array<[OpinionEvent, Actor]> = [
        [
          {
            type: 'OpinionRaised',
            data: {
              ...ids,
              organisingUnit: unit,
              locality,
              topic: pick(TOPICS),
              content: 'Đề nghị tăng cường tuần tra, xử lý lấn chiếm vỉa hè',
              citizen: random() < 0.3 ? { anonymous: true } : { anonymous: false, name: 'Nguyễn Văn Dân', contact: '0900000000' },
              channel: random() < 0.7 ? 'spoken' : 'written',
              saidAt: new Date(clock).toISOString(),
            },
          },
          secretary,
        ],
      ];
      const roll = random();
      if (roll < 0.25) steps.push([{ type: 'OpinionAnswered', data: { ...ids, content: 'Trả lời trực tiếp', answeringUnit: unit, onTheSpot: true } }, leader]);
      else if (roll > 0.1) {
        const due = new Date(clock + 20 * 86400_000).toISOString().slice(0, 10);
        steps.push([{ type: 'OpinionAssigned', data: { ...ids, department, dueDate: due } }, leader]);
        let holder = department;
        if (random() < 0.15) {
          const to = pick(DEPARTMENTS.filter((d) => d !== department));
          steps.push([{ type: 'OpinionReassigned', data: { ...ids, from: department, to, reason: 'Đúng thẩm quyền', dueDate: due } }, leader]);
          holder = to;
        }
        if (random() < 0.8) {
          steps.push([{ type: 'OpinionAnswered', data: { ...ids, content: 'Đã xử lý', answeringUnit: holder, onTheSpot: false } }, officer]);
          if (random() < 0.2) {
            steps.push([{ type: 'AnswerReturned', data: { ...ids, reason: 'Chưa đạt', holder, dueDate: due } }, leader]);
            if (random() < 0.5) steps.push([{ type: 'OpinionAnswered', data: { ...ids, content: 'Đã bổ sung', answeringUnit: holder, onTheSpot: false } }, officer]);
          }
          if (steps[steps.length - 1][0].type === 'OpinionAnswered' && random() < 0.6) {
            steps.push([{ type: 'OpinionResolved', data: { ...ids, resolutionNote: 'Đã thông báo' } }, leader]);
          }
        }
      }
      const taken = steps.slice(0, budget);
      budget -= taken.length;
      yield { stream: opinionStream(opinionId), events: taken.map(([event, actor]) => ({ event, metadata: meta(actor) })) };
    }
  }
}
