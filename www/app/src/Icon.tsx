/**
 * Inline SVG icons (24×24, stroked), so the demo looks the same everywhere,
 * with or without an emoji font.
 */
export type IconName =
  | 'download'
  | 'bookmark'
  | 'thumbsUp'
  | 'heart'
  | 'laugh'
  | 'cry'
  | 'comment'
  | 'bolt'
  | 'eye'
  | 'sparkles'
  | 'pause'
  | 'play'
  | 'image'
  | 'check'
  | 'clock'
  | 'alert'
  | 'refresh'
  | 'activity'
  | 'arrowUp'
  | 'arrowDown'
  | 'share';

const PATHS: Record<IconName, readonly string[]> = {
  download: ['M12 3v12', 'M7 10l5 5 5-5', 'M5 21h14'],
  bookmark: ['M6 3h12v18l-6-4-6 4z'],
  thumbsUp: [
    'M7 10v11',
    'M15 5.9 14 10h5.8a2 2 0 0 1 1.9 2.6l-2.3 8a2 2 0 0 1-1.9 1.4H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.8a2 2 0 0 0 1.8-1.1L12 2a3.1 3.1 0 0 1 3 3.9z',
  ],
  heart: [
    'M19 14c1.5-1.5 3-3.2 3-5.5A5.5 5.5 0 0 0 16.5 3c-1.8 0-3 .5-4.5 2-1.5-1.5-2.7-2-4.5-2A5.5 5.5 0 0 0 2 8.5c0 2.3 1.5 4 3 5.5l7 7z',
  ],
  laugh: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M18 13a6 6 0 0 1-12 0z', 'M9 9h.01', 'M15 9h.01'],
  cry: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M16 17s-1.5-2-4-2-4 2-4 2', 'M9 9h.01', 'M15 9h.01', 'M8.5 12v2.5'],
  comment: ['M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'],
  bolt: ['M13 2 3 14h9l-1 8 10-12h-9l1-8z'],
  eye: ['M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z', 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z'],
  sparkles: ['M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9z', 'M19 16v4', 'M17 18h4'],
  pause: ['M9 5v14', 'M15 5v14'],
  play: ['M7 4l13 8-13 8z'],
  image: ['M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z', 'M9 11a2 2 0 1 0 0-4 2 2 0 0 0 0 4z', 'M21 15l-5-5L5 21'],
  check: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M8 12.5l2.5 2.5L16 9.5'],
  clock: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M12 7v5l3 2'],
  alert: ['M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z', 'M12 9v4', 'M12 17h.01'],
  refresh: ['M21 12a9 9 0 0 1-15.5 6.2L3 16', 'M3 12a9 9 0 0 1 15.5-6.2L21 8', 'M21 3v5h-5', 'M3 21v-5h5'],
  activity: ['M22 12h-4l-3 9L9 3l-3 9H2'],
  arrowUp: ['M12 19V5', 'M5 12l7-7 7 7'],
  arrowDown: ['M12 5v14', 'M19 12l-7 7-7-7'],
  share: ['M4 12v7a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-7', 'M16 6l-4-4-4 4', 'M12 2v13'],
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
