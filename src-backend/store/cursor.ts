/**
 * Page cursors: where the previous page of a list ended, as an opaque string the client hands
 * back. Made of the sort key of the last row, so the next page is a keyset query (no OFFSET
 * that grows with every page) and stays right while rows come and go.
 */

/** Encodes a sort key (the last row's values, in sort order) as a cursor. */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The sort key a cursor carries, or null when it is not one of ours (then: bad request). */
export function decodeCursor(cursor: string, length: number): string[] | null {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== length || !values.every((value) => typeof value === 'string')) return null;
    return values as string[];
  } catch {
    return null;
  }
}
