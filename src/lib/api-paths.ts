/**
 * Whether a path (a request URL or a route's pattern) is one of the API's answers: `/v1/…`, and
 * the sitemaps, served where search engines look for them (`/sitemap.xml`, `/sitemaps/…`) so that
 * the public site can proxy them unchanged. These get HTTP caching, the response cache and the
 * strict query check; probes and the docs pages do not.
 */
export function isApiPath(path: string | undefined): boolean {
  if (path === undefined) return false
  return (
    path.startsWith('/v1/') ||
    path.startsWith('/sitemaps/') ||
    path === '/sitemap.xml' ||
    path.startsWith('/sitemap.xml?')
  )
}
