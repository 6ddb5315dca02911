import { describe, expect, it } from 'vitest';
import { sharedWithText } from './SharedWith';
import { unknownAvatarLook } from './UnknownPerson';

describe('the avatar of an unknown person', () => {
  it('looks different for each of the first 24 people of a conversation, and shows their number beyond', () => {
    const looks = Array.from({ length: 24 }, (_, index) => JSON.stringify(unknownAvatarLook(index + 1)));
    expect(new Set(looks).size).toBe(24);
    expect(unknownAvatarLook(1)).toEqual({ colour: 0, pattern: 0 });
    expect(unknownAvatarLook(9)).toEqual({ colour: 0, pattern: 1 });
  });
});

describe('Shared with …', () => {
  const channel = { kind: 'channel' as const, sharedWith: [] as string[], hasUnknownMembers: false };
  it('names the other accounts the viewer sees, and says when some people are not seen', () => {
    expect(sharedWithText({ ...channel, sharedWith: ['Contoso Legal'] })).toBe('Shared with Contoso Legal');
    expect(sharedWithText({ ...channel, sharedWith: ['Contoso Legal', 'Fabrikam Labs'], hasUnknownMembers: true })).toBe('Shared with Contoso Legal, Fabrikam Labs and people you do not see');
    expect(sharedWithText({ ...channel, hasUnknownMembers: true })).toBe('Shared with people you do not see');
  });
  it('says nothing for a channel of one account, or a direct chat', () => {
    expect(sharedWithText(channel)).toBeNull();
    expect(sharedWithText({ kind: 'direct', sharedWith: [], hasUnknownMembers: false })).toBeNull();
  });
});
