# syntax=docker/dockerfile:1
# NexusHealth: one image, roles chosen with ROLE (api | worker | mllp | all), see DESIGN.md "Running".

# ---- build: install everything, compile, then drop dev dependencies ----------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# Manifests first, so the dependency layer is cached until a package.json or the lock changes.
COPY package.json package-lock.json ./
COPY sdk/package.json sdk/
COPY profiles/package.json profiles/
COPY conformance/package.json conformance/
COPY adapters/package.json adapters/
COPY server/package.json server/
RUN npm ci
COPY tsconfig.base.json tsconfig.json ./
COPY sdk sdk
COPY profiles profiles
COPY conformance conformance
COPY adapters adapters
COPY server server
# Only the shipped packages (the root tsconfig also references test/ and bench/).
RUN npx tsc -b sdk profiles conformance adapters server \
 && npm prune --omit=dev \
 && rm -rf sdk/src profiles/src conformance/src adapters/src server/src ./*/tsconfig.tsbuildinfo

# ---- runtime -----------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    ROLE=all \
    PORT=8080 \
    MLLP_PORT=2575
WORKDIR /app
# node_modules/@nexushealth/* are symlinks to the package folders below; COPY keeps them.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/sdk sdk
COPY --from=build /app/profiles profiles
COPY --from=build /app/conformance conformance
COPY --from=build /app/adapters adapters
COPY --from=build /app/server server
# Non-root: the image's built-in `node` user (uid 1000); the app writes nothing to its own files.
USER node
EXPOSE 8080 2575
# Liveness only (no dependencies); readiness is /readyz, for the orchestrator.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node gets SIGTERM directly (exec form) and drains before exiting.
CMD ["node", "server/dist/main.js"]
