import fp from 'fastify-plugin'
import type { PublicSite } from '../lib/public-site.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The public website that feeds and structured data link to (PUBLIC_SITE_URL). */
    publicSite: PublicSite
  }
}

/** Makes the public site's URL and name available to the modules that build links to it. */
export const publicSitePlugin = fp<{ site: PublicSite }>(
  async (app, { site }) => {
    app.decorate('publicSite', site)
  },
  { name: 'public-site' },
)
