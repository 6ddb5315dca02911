/**
 * Writes a WAV file of a steady sine tone: Chromium sends it as the microphone with
 * `--use-file-for-fake-audio-capture=FILE`, so a test can tell sound from silence by the audio
 * level the other side's getStats reports. Made at test time (a few hundred KB) rather than
 * committed.
 */
import { writeFileSync } from 'node:fs';

export function writeToneWav(file: string, options: { frequencyHz?: number; seconds?: number; sampleRate?: number; amplitude?: number } = {}): string {
  const { frequencyHz = 440, seconds = 2, sampleRate = 48_000, amplitude = 0.6 } = options;
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequencyHz * index) / sampleRate) * amplitude * 32_767), index * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM header size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
  return file;
}
