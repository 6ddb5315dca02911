/**
 * Every emoji the app offers (the picker, `:shortcode:` completion) and each of their skin tones
 * has Twemoji's picture among the files the build ships (electron.vite.config.ts copies
 * @twemoji/svg to `emoji/`), under the name the renderer asks for. Here rather than beside the
 * renderer's code because it reads those files, which renderer code and its tests may not.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import data from 'emojibase-data/en/data.json';
import { describe, expect, it } from 'vitest';
import { normalizeEmoji } from '../src-shared/domain/emoji';
import { loadEmoji } from '../src-renderer/features/emoji/emojiData';
import { twemojiName } from '../src-renderer/features/emoji/twemojiName';

describe('the emoji pictures shipped with the app', () => {
  it('draw every emoji offered, and their skin tones', async () => {
    const folder = path.dirname(createRequire(import.meta.url).resolve('@twemoji/svg/package.json'));
    const pictures = new Set(readdirSync(folder).map((file) => file.replace(/\.svg$/, '')));
    const offered = new Set((await loadEmoji()).map((entry) => entry.emoji));
    // Skin tones of the same Emoji versions as the picker offers (Twemoji 15 draws up to 15.0).
    const skinTones = data.filter((entry) => offered.has(normalizeEmoji(entry.emoji) ?? '')).flatMap((entry) => (entry.skins ?? []).filter((skin) => skin.version <= 15).map((skin) => skin.emoji));
    expect(offered.size).toBeGreaterThan(1800);
    expect(skinTones.length).toBeGreaterThan(1500);
    expect([...offered, ...skinTones].filter((emoji) => !pictures.has(twemojiName(emoji)))).toEqual([]);
  });
});
