import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertValidKey, type ArtifactStore } from './artifact-store.ts';

/** Artifacts as files under one directory (the default: `ARENA_ARTIFACT_DIR`, else ./data/artifacts). */
export class LocalDirectoryStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  get location(): string {
    return this.root;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertValidKey(key);
    const file = path.join(this.root, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file and a crash leaves no torn artifact.
    const temporary = `${file}.${randomUUID()}.tmp`;
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, file);
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertValidKey(key);
    try {
      return new Uint8Array(await fs.readFile(path.join(this.root, key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
