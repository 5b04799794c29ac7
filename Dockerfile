# syntax=docker/dockerfile:1

# ---- build: install all dependencies, generate the Prisma client, compile TypeScript to dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

COPY package.json package-lock.json ./
# The build step below generates the Prisma client; the postinstall hook would need prisma/ first.
RUN npm ci --ignore-scripts

COPY prisma ./prisma
COPY prisma.config.ts ./
COPY tsconfig*.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, the compiled app and the migrations only ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
# --omit=optional as well as --omit=dev: @prisma/client declares the Prisma CLI and TypeScript as
# optional peers, so npm flags them (and Studio, React, Effect... under the CLI) "devOptional", which
# --omit=dev alone keeps: 401 MB of node_modules instead of 151 MB. The app needs none of them: it
# applies migrations with @prisma/schema-engine-wasm. The only other optional package is pg-cloudflare,
# which pg loads only inside Cloudflare Workers (tests/unit/docker-compose.test.ts keeps that list).
RUN npm ci --omit=dev --omit=optional --ignore-scripts && npm cache clean --force

COPY --from=build /app/dist ./dist
# The app finds its root by walking up from dist/src/db/ to the folder holding prisma/schema.prisma,
# and applies prisma/migrations at startup.
COPY prisma ./prisma

# DATA_DIR must be writable by the unprivileged user.
RUN mkdir -p /app/.data && chown node:node /app/.data

USER node

ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/.data
EXPOSE 3000

# Slim images have no curl: use Node's built-in fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The command of `npm run serve`, which the benchmark runs (a test keeps the two equal). Young-generation
# semi-spaces of 8 MiB instead of V8's 16 let an instance give memory back after a burst of traffic;
# smaller ones cost CPU on reads that wait on the database (docs/operations.md, Memory).
CMD ["node", "--max-semi-space-size=8", "--enable-source-maps", "dist/src/server.js"]
