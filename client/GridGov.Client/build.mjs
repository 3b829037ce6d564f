// Bundles the two browser entries into wwwroot/lib (git-ignored): the OpenLayers interop module
// and GraphiQL. Run by the client csproj before each build when an input is newer than the output.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const common = { bundle: true, minify: true, sourcemap: false, legalComments: 'linked', logLevel: 'warning', target: 'es2020' };

await build({ ...common, entryPoints: ['js/gridmap.js'], outfile: 'wwwroot/lib/gridmap.js', format: 'esm' });
await build({
  ...common,
  entryPoints: ['js/graphiql.js'],
  outfile: 'wwwroot/lib/graphiql/graphiql.js',
  format: 'iife',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
});
await mkdir('wwwroot/lib/graphiql', { recursive: true });
await copyFile('js/graphiql.html', 'wwwroot/lib/graphiql/index.html');
