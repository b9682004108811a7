/** A running projector renews this document every second; a rebuild uses it to know whether to ask for a pause. */
export const PROJECTOR_LEASE_COLLECTION = 'rm_projector';
export const PROJECTOR_LEASE_ID = 'lease';
export const LEASE_STALE_MS = 5000;
