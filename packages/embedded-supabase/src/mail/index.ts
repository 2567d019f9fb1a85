import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { closeHttpServer, listenOnLoopback } from '../net';
import { mailpitApi } from './api';
import { startSmtpServer } from './smtp';
import { MailStore } from './store';
import { mailViewer } from './viewer';

export { MailStore } from './store';

export interface MailCatcher {
  /** Web viewer and Mailpit-compatible /api/v1. */
  url: string;
  smtpPort: number;
  store: MailStore;
  stop(): Promise<void>;
}

/** Mailpit's stand-in: catches Auth's emails and anything sent to the SMTP port. */
export async function startMailCatcher(ports: {
  http: number;
  smtp: number;
}): Promise<MailCatcher> {
  const store = new MailStore();
  const app = new Hono().route('/api/v1', mailpitApi(store)).route('/', mailViewer(store));
  const server = createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
  const httpPort = await listenOnLoopback(server, ports.http);
  const smtp = await startSmtpServer(store, ports.smtp).catch(async (error) => {
    await closeHttpServer(server);
    throw error;
  });
  return {
    url: `http://127.0.0.1:${httpPort}`,
    smtpPort: smtp.port,
    store,
    stop: async () => {
      await Promise.all([closeHttpServer(server), smtp.close()]);
    },
  };
}
