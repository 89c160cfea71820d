// rclnodejs's install script runs `npx rimraf`; npx cancels without a yes ("npx canceled due to
// missing packages") and npm then drops the optional dependency without a word. The project's
// .npmrc must hand install scripts that yes. rclnodejs itself builds only against a ROS 2
// installation, so a local package with an install script stands in for it: npm installs it
// offline, from a directory, with the project's .npmrc, exactly as it runs rclnodejs's script.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

test("an optional dependency's install script sees npm_config_yes=true from the project's .npmrc", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'arena-npmrc-'));
  try {
    const dependency = path.join(dir, 'ros-client');
    const app = path.join(dir, 'app');
    const seen = path.join(dir, 'seen.txt');
    await mkdir(dependency);
    await mkdir(app);
    const script = `require('fs').writeFileSync(${JSON.stringify(seen)}, String(process.env.npm_config_yes))`;
    await writeFile(
      path.join(dependency, 'package.json'),
      JSON.stringify({
        name: 'ros-client',
        version: '1.0.0',
        scripts: { install: `node -e ${JSON.stringify(script)}` },
      }),
    );
    await writeFile(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        optionalDependencies: { 'ros-client': 'file:../ros-client' },
        allowScripts: { 'ros-client': true },
      }),
    );
    await copyFile(path.join(root, '.npmrc'), path.join(app, '.npmrc'));
    const env = { ...process.env };
    // The test runner may itself run under npm, whose own npm_config_* would leak in.
    for (const key of Object.keys(env)) if (key.startsWith('npm_config_')) delete env[key];
    await run('npm', ['install', '--install-links', '--offline', '--no-audit', '--no-fund'], {
      cwd: app,
      env,
    });
    assert.equal(await readFile(seen, 'utf8'), 'true');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('rclnodejs is an optional dependency whose install script npm is allowed to run', async () => {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    optionalDependencies?: Record<string, string>;
    allowScripts?: Record<string, boolean>;
  };
  assert.equal(manifest.optionalDependencies?.rclnodejs, '2.2.0');
  assert.equal(manifest.allowScripts?.rclnodejs, true);
});
