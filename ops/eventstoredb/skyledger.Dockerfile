# A Skyledger node: Node 20, the repository's locked dependencies, started with tsx as `npm start`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Dev dependencies stay: the node runs TypeScript through tsx (npm start).
RUN npm ci --no-audit --no-fund
COPY src ./src
COPY tsconfig.json ./
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
USER node
EXPOSE 8080
CMD ["npm", "start"]
