import type { Server } from 'node:http';
import express from 'express';
import type pg from 'pg';

/** The HTTP surface of a node. For now: liveness and readiness. */
export const createApp = ({ pool }: { pool: pg.Pool }) => {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await pool.query('SELECT 1');
      res.json({ status: 'ready', database: 'ok' });
    } catch (e) {
      res.status(503).json({ status: 'not ready', database: e instanceof Error ? e.message : 'unreachable' });
    }
  });
  return app;
};

export const listen = (app: express.Express, port: number, host: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
