import { describe, expect, it } from 'vitest';
import { broadcastMention, encodeMentions, mentionedIds, mentionInitials, mentionToken, renderMentions, seedMentions, splitBroadcastMentions } from './mentions';

const people = [
  { id: 'ann', displayName: 'Ann Lee' },
  { id: 'annabel', displayName: 'Ann Leeds' },
  { id: 'bo', displayName: 'Bo' },
];

describe('mentions', () => {
  it('turns @Name of a candidate into a token, longest name first, ignoring case, each person once', () => {
    const encoded = encodeMentions('@ann leeds and @Ann Lee, and @Bo! @Ann Lee again', people);
    expect(encoded.userIds).toEqual(['annabel', 'ann', 'bo']);
    expect(renderMentions(encoded.text, (id) => people.find((person) => person.id === id)!.displayName)).toBe('@Ann Leeds and @Ann Lee, and @Bo! @Ann Lee again');
  });

  it('leaves alone what is not a mention: addresses, names running on, people not offered', () => {
    for (const text of ['mail bo@example.com', '@Bob is not Bo', '@Carl Jensen', 'no at sign']) expect(encodeMentions(text, people)).toEqual({ text, userIds: [] });
  });

  it('reads @UNKNOWN USER as the unseen people a message mentioned before, in order, and only as many as there were', () => {
    const encoded = encodeMentions('@UNKNOWN USER, @Bo and @UNKNOWN USER and @UNKNOWN USER', people, ['x1', 'x2']);
    expect(encoded.userIds).toEqual(['x1', 'bo', 'x2']);
    expect(renderMentions(encoded.text, (id) => (id === 'bo' ? 'Bo' : 'UNKNOWN USER'))).toBe('@UNKNOWN USER, @Bo and @UNKNOWN USER and @UNKNOWN USER');
    expect(mentionedIds(encoded.text)).toEqual(['x1', 'bo', 'x2']);
  });

  it('names the first letters after each @ that may start a mention, so only people whose names begin so are looked at', () => {
    expect([...mentionInitials('@Ann and @bo, mail x@example.com or @ at the end @')]).toEqual(['a', 'b', ' ']);
    expect(mentionInitials('bench #9 sent from x@host.example')).toEqual(new Set());
    // Typed delimiters are dropped before the letters are taken, as encodeMentions drops them.
    expect(mentionInitials(`@${mentionToken('')}Bo`)).toEqual(new Set(['b']));
    // Every person encodeMentions would find starts with one of the letters.
    for (const text of ['@ann leeds and @Ann Lee, and @Bo!', '@BO', 'hi @İlker']) {
      const initials = mentionInitials(text);
      const everyone = [...people, { id: 'ilker', displayName: 'İlker' }];
      const looked = everyone.filter((person) => initials.has(person.displayName.toLocaleLowerCase()[0]!));
      expect(encodeMentions(text, looked)).toEqual(encodeMentions(text, everyone));
    }
  });

  it('drops the delimiters people type, so nobody forges a token', () => {
    const forged = `hi ${mentionToken('ann')}`;
    expect(encodeMentions(forged, people)).toEqual({ text: 'hi ann', userIds: [] });
  });

  it('reads seed files’ <@USER_ID>', () => {
    const seeded = seedMentions('Plan: <@ann> and <@bo>, <@ann>.');
    expect(seeded.userIds).toEqual(['ann', 'bo']);
    expect(renderMentions(seeded.text, (id) => id.toUpperCase())).toBe('Plan: @ANN and @BO, @ANN.');
  });
});

describe('broadcastMention and splitBroadcastMentions (@here, @channel)', () => {
  it('finds the widest channel-wide mention, as a word of its own', () => {
    expect(broadcastMention('@here standup')).toBe('here');
    expect(broadcastMention('@here and @CHANNEL')).toBe('channel');
    expect(broadcastMention('Heads up @channel.')).toBe('channel');
    expect(broadcastMention('team@here.example, @heres, @channels, x@channel')).toBeNull();
    expect(broadcastMention('no mention')).toBeNull();
  });

  it('splits a text into plain pieces and the mentions, losing nothing', () => {
    const parts = splitBroadcastMentions('a @here b team@here @channel');
    expect(parts).toEqual([
      { text: 'a ', broadcast: false },
      { text: '@here', broadcast: true },
      { text: ' b team@here ', broadcast: false },
      { text: '@channel', broadcast: true },
    ]);
    expect(parts.map((part) => part.text).join('')).toBe('a @here b team@here @channel');
  });
});
