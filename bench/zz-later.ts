import { startServer } from '../src-backend/server';
async function main() {
  const t = performance.now();
  const s = await startServer({ db: process.argv[2] ?? '/tmp/prof/b.db', port: 0, webRoot: null, supportToken: 'abcdefghijklmnopqrstuvwxyz' });
  console.log('started in', (performance.now() - t).toFixed(0), 'ms; rss', (process.memoryUsage().rss / 1e6).toFixed(0), 'MB; heap', (process.memoryUsage().heapUsed / 1e6).toFixed(0));
  await s.close();
  process.exit(0);
}
void main();
