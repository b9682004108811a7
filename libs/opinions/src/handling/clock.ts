import { randomUUID } from 'node:crypto';

/** Injection token for the {@link Clock} handlers stamp `recordedAt` (and default `occurredAt`) with. */
export const CLOCK = Symbol('CLOCK');
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Injection token for the {@link IdSource} of new aggregate, command and correlation ids. */
export const ID_SOURCE = Symbol('ID_SOURCE');
export interface IdSource {
  uuid(): string;
}
export const randomIds: IdSource = { uuid: () => randomUUID() };
