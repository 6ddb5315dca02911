/**
 * Channels in unified search (SPEC 1 rule 2): which of the channels a viewer may discover match a
 * query, best first. Every word of the query starts a word of the name (or the name itself); a
 * name that is exactly the query comes first, then by name.
 */
import { normalizeText } from '../directory/peopleSearch';
import type { ChannelRecord } from '../store/records';

export function rankChannels<C extends ChannelRecord>(channels: readonly C[], query: string, limit: number): C[] {
  const words = normalizeText(query).split(/[\s#]+/).filter(Boolean);
  if (words.length === 0) return [];
  return channels
    .map((channel) => {
      const name = normalizeText(channel.name);
      const nameWords = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const matches = words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)) || name.startsWith(word));
      const exact = name === words.join(' ');
      return { channel, score: matches ? (exact ? 2 : 1) : 0 };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.channel.name.localeCompare(b.channel.name))
    .slice(0, limit)
    .map(({ channel }) => channel);
}
