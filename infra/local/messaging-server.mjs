// SQS and SNS stand-in: fauxqs (both APIs on one port, in memory: queues, topics and messages are gone after a
// restart; the portal creates its queues, topics and subscriptions on start in Local mode). Bound to 127.0.0.1.
import { buildApp } from 'fauxqs';

export async function startMessaging({ port, StartupError }) {
  const app = buildApp({ logger: false });
  try {
    await app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    if (error.code === 'EADDRINUSE') {
      throw new StartupError(`port ${port} for SQS and SNS (fauxqs) on 127.0.0.1 is already in use: set PORTAL_SQS_PORT to a free port (or stop what holds it).`);
    }
    throw error;
  }
  return { port: app.server.address().port, stop: () => app.close() };
}
