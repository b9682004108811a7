/** Thrown when directory data is malformed; lists every problem found, not just the first. */
export class DirectoryDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid directory data:\n- ${problems.join('\n- ')}`);
    this.name = 'DirectoryDataError';
  }
}
