/**
 * The little SDP reading and rewriting the meeting relay needs. Janus's descriptions name its
 * room (`s=VideoRoom 1234`) and may carry a publisher's stream ids (`a=msid`, `a=ssrc:… msid:`)
 * or canonical names (`cname`); a client is sent none of it — only Janus's own candidates and the
 * media parameters.
 */

/** The m-lines of a description: each one's mid and kind, in order. */
export function mediaSections(sdp: string): Array<{ mid: string | null; kind: string }> {
  const sections: Array<{ mid: string | null; kind: string }> = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) sections.push({ mid: null, kind: line.slice(2).split(' ')[0] ?? '' });
    else if (line.startsWith('a=mid:') && sections.length > 0) sections[sections.length - 1]!.mid = line.slice(6).trim();
  }
  return sections;
}

/**
 * A description from Janus as a client may see it: the session named after nothing, every stream
 * id and canonical name replaced by one that says nothing (`meridian`, and the mid), and nothing
 * that is not a line of SDP.
 */
export function clientSafeSdp(sdp: string): string {
  let mid = '';
  const lines: string[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line === '') continue;
    if (line.startsWith('m=')) mid = '';
    if (line.startsWith('a=mid:')) mid = line.slice(6).trim();
    if (line.startsWith('s=')) lines.push('s=-');
    else if (line.startsWith('a=msid:')) lines.push(`a=msid:meridian meridian${mid}`);
    else if (/^a=ssrc:\d+ (msid|mslabel|label):/.test(line)) continue;
    else if (/^a=ssrc:\d+ cname:/.test(line)) lines.push(line.replace(/cname:.*$/, 'cname:meridian'));
    else lines.push(line);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The address of a candidate line (`candidate:… 1 udp 2015363327 192.0.2.2 23885 typ host`). */
export function candidateAddress(candidate: string): string | null {
  const parts = candidate.replace(/^a=/, '').split(' ');
  return parts.length >= 6 ? (parts[4] ?? null) : null;
}

/** Every candidate address in a description. */
export function candidateAddresses(sdp: string): string[] {
  return sdp
    .split(/\r?\n/)
    .filter((line) => line.startsWith('a=candidate:'))
    .map((line) => candidateAddress(line))
    .filter((address): address is string => address !== null);
}
