import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import { defineConfig, type HtmlTagDescriptor, type Plugin, type Rolldown } from 'vite';

// The API server (server/main.ts) listens here in development: run `npm run dev` and `npx vite` side by side.
const apiOrigin = 'http://127.0.0.1:3000';

export default defineConfig({
  // Absolute, so a build started from another working directory (the browser tests) finds the client.
  root: fileURLToPath(new URL('./client', import.meta.url)),
  base: '/',
  plugins: [preloadMapLibre(), precompressBrotli()],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)), // served by the API server
    emptyOutDir: true, // outDir lies outside root, so Vite needs permission to clear it
    chunkSizeWarningLimit: 1200, // kB; MapLibre alone is ~1.1 MB minified, loaded only where WebGL works
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/ogc': apiOrigin,
      '/open311': apiOrigin,
    },
  },
});

// ---- issue 13, "Load faster": what the build does so the first map shows sooner on a slow phone ----
type OutputChunk = Rolldown.OutputChunk;

/**
 * index.html names the MapLibre chunk and its stylesheet, so the browser fetches them while
 * the small entry script is still on its way. Without this the chunk was found only once the entry script
 * ran (+0.6 s on Slow 4G). A browser without WebGL (Leaflet) downloads them for nothing; that is rare, and
 * the page works the same. MapLibre's worker is not preloaded: on Slow 4G it shared the bandwidth with the
 * chunk, which the phone needs first, and cost 0.5 s to the first hotspots (5.27-5.58 s with it, 4.71-4.75 s
 * without); fetched when the map starts, it arrives while the chunk is still being evaluated.
 */
export function preloadMapLibre(): Plugin {
  return {
    name: 'wifi-reach:preload-maplibre',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return [];
        const files = Object.values(bundle);
        const view = files.find((f): f is OutputChunk => f.type === 'chunk' && /[\\/]map[\\/]maplibre-view\.ts$/.test(f.facadeModuleId ?? ''));
        if (!view) throw new Error('preloadMapLibre: the MapLibre chunk is missing from the build');
        const imports = view.imports.filter((name) => !(bundle[name] as OutputChunk | undefined)?.isEntry); // the entry is in the page already
        const tags: HtmlTagDescriptor[] = [view.fileName, ...imports].map((name) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${name}` }, injectTo: 'head' }));
        // crossorigin as Vite's own loader asks for it (link.crossOrigin = ''): otherwise the browser fetches the file again.
        for (const css of view.viteMetadata?.importedCss ?? []) tags.push({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `/${css}` }, injectTo: 'head' });
        return tags;
      },
    },
  };
}

const compressible = /\.(js|mjs|css|svg|webmanifest|json)$/;
const minBytes = 1024; // below this the header costs more than it saves
const brotli = promisify(brotliCompress);

/**
 * A brotli copy (quality 11) of each built text file beside it, served by server/http/client.ts: MapLibre
 * and its worker shrink by a further 60 kB against what the server compresses on the fly (quality 4).
 */
export function precompressBrotli(): Plugin {
  return {
    name: 'wifi-reach:precompress-brotli',
    apply: 'build',
    // From the written files: in generateBundle, Vite has not yet filled in its preload lists.
    async writeBundle({ dir }, bundle) {
      if (!dir) return;
      const names = Object.keys(bundle).filter((name) => compressible.test(name));
      await Promise.all(
        names.map(async (name) => {
          const source = await readFile(join(dir, name));
          if (source.length < minBytes) return;
          const params = { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: source.length };
          await writeFile(join(dir, `${name}.br`), await brotli(source, { params })); // zlib's thread pool: files in parallel
        }),
      );
    },
  };
}
