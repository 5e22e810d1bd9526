// Builds the single-page app into ../wwwroot: type-check with tsc (esbuild only strips types), bundle
// src/main.ts with every dependency (no CDN: the page works offline), copy the static files. Run by `dotnet build`
// (BackboneSim.Web.csproj) after `npm ci`; `node build.mjs` by hand does the same.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'wwwroot');

execFileSync(process.execPath, [join(here, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', here], { stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  outfile: join(out, 'app.js'),
  loader: { '.json': 'json' },
  logLevel: 'warning',
});
cpSync(join(here, 'static'), out, { recursive: true });
