import fs from 'node:fs';
import { DatabaseArtifactStore } from '../../services/artifacts/database-artifact-store.ts';
import { openDatabase } from '../../services/db/open-database.ts';
import { FieldError, NotFoundError } from '../../services/errors.ts';
import { episodeMcap } from '../../services/exports/episode-mcap.ts';
import { episodeMp4 } from '../../services/exports/episode-mp4.ts';
import { loadEpisodeRecording } from '../../services/exports/episode-recording.ts';
import { loadConfig } from '../../runtime/config.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';

const formats = ['mcap', 'mp4'] as const;
type EpisodeFormat = (typeof formats)[number];

export const exportEpisodeCommand: Command = {
  name: 'export-episode',
  help: `Usage: arena export-episode EPISODE --out FILE [--format mcap|mp4]

Writes one episode (\`<comparison id>-A\` or \`-B\`, as the comparison page names them) as a file
for robotics tools. mcap: body poses on /tf (foxglove.FrameTransforms) for a simulated episode;
joint states, commands and camera frames (foxglove.CompressedImage) for a station's recording;
Foxglove opens it. mp4: the simulated replay as an H.264 video (needs ffmpeg). Reads the
database named by DATABASE_URL / ARENA_DATA_DIR.

  --out FILE     where to write it
  --format F     mcap or mp4; by default from FILE's extension`,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { format: { type: 'string' }, out: { type: 'string' } },
      true,
    );
    const [episodeId, ...extra] = positionals;
    if (episodeId === undefined) throw new UsageError('export-episode needs an EPISODE id');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (values.out === undefined) throw new UsageError('export-episode needs --out FILE');
    const format = episodeFormat(values.format, values.out);
    const config = loadConfig();
    const database = openDatabase(config.databaseUrl, config.dataDir);
    try {
      const episode = await loadEpisodeRecording(
        database.db,
        new DatabaseArtifactStore(database.db),
        episodeId,
      );
      const bytes = format === 'mcap' ? await episodeMcap(episode) : await episodeMp4(episode);
      fs.writeFileSync(values.out, bytes);
      console.error(`arena: wrote episode ${episodeId} as ${format} to ${values.out}`);
      return 0;
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof FieldError) {
        console.error(`arena: ${error.message} (in ${database.location})`);
        return 1;
      }
      throw error;
    } finally {
      await database.close();
    }
  },
};

function episodeFormat(option: string | undefined, out: string): EpisodeFormat {
  const named = option ?? out.split('.').pop()?.toLowerCase();
  const format = formats.find((f) => f === named);
  if (format === undefined) {
    throw new UsageError(
      option === undefined
        ? `--format mcap or mp4 is needed: "${out}" ends in neither .mcap nor .mp4`
        : `--format must be mcap or mp4 (got "${option}")`,
    );
  }
  return format;
}
