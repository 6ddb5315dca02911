import { splitEmoji } from '../../../src-shared/domain/emoji';
import './emoji.css';

/**
 * Text whose emoji are drawn with the bundled Noto Color Emoji font, so they look the same on
 * every machine (SPEC 7): only the emoji get the font, the rest of the text keeps the app's.
 */
export function EmojiText({ text }: { text: string }) {
  if (text === '') return null;
  const parts = splitEmoji(text);
  if (parts.length === 1 && !parts[0]!.emoji) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) =>
        part.emoji ? (
          <span key={index} className="emoji">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
