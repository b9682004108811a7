/** Nothing the viewer may see has this id (missing and out-of-scope look the same: 404). */
export class ReadModelNotFoundError extends Error {
  constructor(
    readonly kind: 'session' | 'opinion',
    readonly id: string,
  ) {
    super(`${kind} ${id} not found`);
    this.name = 'ReadModelNotFoundError';
  }
}
