/** Collection `rm_checkpoints`, one document per projection (`_id` = projection name). */
export interface CheckpointDocument {
  _id: string;
  /** Last `$all` position whose effects are written (20-digit key, see position.ts). */
  position: string;
  /** Store time of that event, for lag in seconds. */
  eventCreated: Date | null;
  updatedAt: Date;
  /** Set while `projections:rebuild` swaps this projection's collection; the live projector pauses it. */
  rebuild?: { state: 'requested' | 'paused'; requestedAt: Date; expiresAt: Date };
}

export const CHECKPOINTS_COLLECTION = 'rm_checkpoints';
