import { useState } from 'react';
import { splitEmoji } from '../../../src-shared/domain/emoji';
import { twemojiName } from './twemojiName';
import './emoji.css';

/**
 * One emoji as Twemoji's picture (shipped with the app, see electron.vite.config.ts), so it looks
 * the same on every machine; the emoji is its alternative text (read aloud, copied with the
 * text). An emoji Twemoji does not draw shows as the character.
 */
export function Emoji({ emoji }: { emoji: string }) {
  const [missing, setMissing] = useState(false);
  if (missing) return <span className="emoji emoji--text">{emoji}</span>;
  return <img className="emoji" src={`./emoji/${twemojiName(emoji)}.svg`} alt={emoji} draggable={false} loading="lazy" onError={() => setMissing(true)} />;
}

/** Text with its emoji drawn as pictures (SPEC 7: the same on every machine), the rest as text. */
export function EmojiText({ text }: { text: string }) {
  if (text === '') return null;
  const parts = splitEmoji(text);
  if (parts.length === 1 && !parts[0]!.emoji) return <>{text}</>;
  return <>{parts.map((part, index) => (part.emoji ? <Emoji key={index} emoji={part.text} /> : part.text))}</>;
}
