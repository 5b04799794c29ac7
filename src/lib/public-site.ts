/** The public website that frontends serve stories on: feeds and structured data link to it. */
export interface PublicSite {
  /** Absolute http(s) URL without a trailing slash, e.g. `https://news.example` or `https://example.org/news`. */
  url: string
  /** The publisher's name, e.g. in feed titles and as the schema.org publisher. */
  name: string
}

export const DEFAULT_PUBLIC_SITE: PublicSite = { url: 'http://localhost:3000', name: 'Newsroom' }

/** Drops trailing slashes so that paths can be appended with `/…`. */
export function publicSite(url: string, name: string): PublicSite {
  return { url: url.replace(/\/+$/, ''), name }
}

/** Where a story lives on the public site. The frontend's route is `/articles/{slug}`. */
export function articleUrl(site: PublicSite, slug: string): string {
  return `${site.url}/articles/${encodeURIComponent(slug)}`
}
