#!/usr/bin/env node
// The public API of the packages, read from their built type declarations by API Extractor:
//   node scripts/api.mjs          (`pnpm api`) rewrites the reports in api/ and writes the API
//                                 reference (Markdown, from the TSDoc) to docs/api/ (not committed)
//   node scripts/api.mjs --check  (run by `pnpm test`) fails when an entry point's API differs from
//                                 its committed report — an export added, removed or changed by accident.
// A report is reviewed like code: a change to it in a pull request is a change to the public API.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/** Each entry point a user can import: the report's name, the package folder, its .d.ts. */
const ENTRY_POINTS = [
  { report: 'schema', folder: 'packages/schema', types: 'dist/index.d.ts' },
  { report: 'data', folder: 'packages/data', types: 'dist/index.d.ts' },
  { report: 'testing', folder: 'packages/testing', types: 'dist/index.d.ts' },
  // A second entry point of the same package: checked, but not a page of its own in the reference
  // (api-documenter takes one model per package).
  { report: 'testing-vitest', folder: 'packages/testing', types: 'dist/vitest.d.ts', reference: false },
];

const models = mkdtempSync(join(tmpdir(), 'legal-api-model-'));
const changed = [];
let problems = 0;
try {
  for (const entry of ENTRY_POINTS) {
    const packageFolder = join(repo, entry.folder);
    const config = ExtractorConfig.prepare({
      configObjectFullPath: join(repo, 'api', `${entry.report}.api-extractor.json`),
      packageJsonFullPath: join(packageFolder, 'package.json'),
      configObject: {
        projectFolder: packageFolder,
        mainEntryPointFilePath: join(packageFolder, entry.types),
        bundledPackages: [],
        compiler: {
          overrideTsconfig: { compilerOptions: { strict: true, skipLibCheck: true, lib: ['es2023'], types: ['node'] } },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${entry.report}.api.md`,
          reportFolder: join(repo, 'api'),
          reportTempFolder: join(models, 'reports'),
        },
        docModel: { enabled: entry.reference !== false, apiJsonFilePath: join(models, `${entry.report}.api.json`) },
        // The rolled-up declarations: every type the entry point reaches, exported or not.
        dtsRollup: { enabled: true, untrimmedFilePath: join(models, `${entry.report}.d.ts`) },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: 'warning' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning' },
            // Release tags (@public/@beta) are not used: everything exported is public.
            'ae-missing-release-tag': { logLevel: 'none' },
            // Undocumented members are marked `// (undocumented)` in the report instead.
            'ae-undocumented': { logLevel: 'none' },
            // Types reached through the API but not exported by name (a repository's shape is
            // `ReturnType<typeof casesRepository>`): their declarations go into the report, so a
            // change to them is a change of the API too.
            'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
    });
    const result = Extractor.invoke(config, {
      localBuild: !check,
      showVerboseMessages: false,
      messageCallback(message) {
        if (message.messageId === 'console-api-report-changed' || message.messageId === 'console-api-report-copied')
          return;
        if (message.logLevel === 'warning' || message.logLevel === 'error') problems++;
      },
    });
    // The report names types that are reached but not exported (a repository's methods) without
    // their members; the declarations file has them, so it is compared as well.
    const surfaceFile = join(repo, 'api', `${entry.report}.surface.d.ts`);
    const surface = declarationsOnly(readFileSync(join(models, `${entry.report}.d.ts`), 'utf8'));
    const surfaceChanged = !existsSync(surfaceFile) || readFileSync(surfaceFile, 'utf8') !== surface;
    if (surfaceChanged && !check) writeFileSync(surfaceFile, surface);
    if (result.apiReportChanged || surfaceChanged) changed.push(entry.report);
    if (!result.succeeded && !result.apiReportChanged) problems++;
    console.log(
      `${entry.report}: ${result.apiReportChanged || surfaceChanged ? (check ? 'API CHANGED' : 'report updated') : 'API as in api/'}${
        result.warningCount ? `, ${result.warningCount} warnings` : ''
      }`,
    );
  }
  {
    // The reference is built in both modes, so a comment API Documenter cannot render fails the check.
    const out = check ? join(models, 'reference') : join(repo, 'docs/api');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    execFileSync('pnpm', ['exec', 'api-documenter', 'markdown', '--input-folder', models, '--output-folder', out], {
      cwd: repo,
      stdio: 'pipe',
    });
    if (!check) console.log('wrote the API reference to docs/api/');
  }
} finally {
  rmSync(models, { recursive: true, force: true });
}
if (check && changed.length > 0) {
  console.error(
    `The public API of ${changed.join(', ')} differs from api/*.api.md. If the change is intended, run \`pnpm api\` and commit the reports (and add a changeset).`,
  );
  process.exit(1);
}
if (problems > 0) {
  console.error(`${problems} API Extractor warnings or errors (above)`);
  process.exit(1);
}
console.log(`The public API of ${ENTRY_POINTS.length} entry points matches api/*.api.md.`);

/** A declarations file without its comments and blank lines: what changes the API, not its prose. */
function declarationsOnly(text) {
  return `${text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('//'))
    .join('\n')}\n`;
}
