/**
 * Where large episode artifacts (compressed trajectories) live, addressed by a key the database
 * stores as `trajectory_ref`. The database keeps only the key, so the store can be swapped (a
 * local directory, a shared volume, an object store) without a migration.
 */
export interface ArtifactStore {
  /** Stores `bytes` under `key`; putting the same key again replaces it (retries are harmless). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Human-readable location, for logs. */
  readonly location: string;
}

export class InvalidArtifactKeyError extends Error {
  override name = 'InvalidArtifactKeyError';
}

/** Keys are relative paths of safe segments: no `..`, no absolute paths, no surprises on disk. */
export function assertValidKey(key: string): void {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/.test(key)) {
    throw new InvalidArtifactKeyError(
      `artifact key "${key}" must be a relative path of letters, digits, ".", "_" and "-"`,
    );
  }
}
