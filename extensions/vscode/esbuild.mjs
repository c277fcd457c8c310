// Bundle the extension (src/extension.ts -> dist/extension.js) or its unit tests
// (test/*.test.ts -> out/test/*.test.js) with esbuild.
//
//   node esbuild.mjs               development bundle with a source map
//   node esbuild.mjs --production  minified, no source map (what the .vsix ships)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests       the unit tests, for `node --test out/test/`
//
// `vscode` stays external: the editor provides it at run time. The unit tests cover only
// modules that do not import it, so a test bundle that needs it fails to load: that keeps
// the tested logic free of the editor API.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
};

if (args.has('--tests')) {
  const tests = readdirSync('test')
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `test/${name}`);
  await esbuild.build({ ...common, entryPoints: tests, outdir: 'out/test', sourcemap: 'inline' });
} else {
  const options = {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    // The first statement of the bundle: activate() logs how long loading it took.
    banner: { js: 'globalThis.__sidecarLoadStart = performance.now();' },
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    metafile: production,
  };
  if (args.has('--watch')) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    const result = await esbuild.build(options);
    if (result.metafile) {
      const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
      console.log(`dist/extension.js: ${(bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
