// Everything the bench takes from the product, in one place, so that a move inside src/ breaks
// one file here. The product never imports the bench.
//
// - the compiled server, started with the arguments of the root package.json's `serve` script
//   (processes.ts, `appNodeArgs`), after the root's `npm run build`;
// - `src/config.ts`, read as text to see whether the app has its response cache setting;
// - the modules below.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Pool idle timeout of the app, which the baseline's pool copies. */
export { POOL_IDLE_TIMEOUT_MS } from '../src/db/pool-timeouts.js'
/** The app's Markdown rendering and reading statistics, which the seed stores with each article. */
export { readingStats, renderMarkdown } from '../src/lib/markdown.js'

/** The repository's root: where the product's package.json, src/ and dist/ are. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The file that declares the app's settings (read as text, not imported). */
export const productConfigPath = join(repoRoot, 'src', 'config.ts')

/**
 * How long stored related-stories rankings treat stories stamped shortly before them as changed
 * (the probe waits that long after its seed). Loaded on demand: the module brings the Prisma
 * client with it, which the baseline server, importing this file, should not load.
 */
export async function rescoreMarginSeconds(): Promise<number> {
  return (await import('../src/modules/recommendations/sql/related-lists.sql.js'))
    .RESCORE_MARGIN_SECONDS
}

/**
 * The product's archive importer (`npm run import -- FILE`), run as a command on the bench's
 * NDJSON archive; absent until the importer lands, when the bench seeds in SQL instead.
 */
export const importerPath = join(repoRoot, 'src', 'cli', 'import.ts')
