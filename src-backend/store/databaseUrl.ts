/** What is wrong with a PostgreSQL connection URL (`--database-url`), in words for the operator; null when nothing is. */
export function parseDatabaseUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a PostgreSQL URL like postgres://meridian@127.0.0.1:5432/meridian.';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return 'must be a PostgreSQL URL (postgres:// or postgresql://).';
  if (!url.hostname && !url.searchParams.get('host')) return 'must name the PostgreSQL server (postgres://user@HOST:5432/database).';
  if (url.pathname.length <= 1) return 'must name the database (postgres://user@host:5432/DATABASE).';
  return null;
}
