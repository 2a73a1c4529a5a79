/** The author: an initial in a coloured circle, and the name. */
export function Byline({ author }: { author: string }) {
  let hash = 0;
  for (const ch of author) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return (
    <p className="byline">
      <span className="avatar" style={{ background: `hsl(${hash} 55% 45%)` }} aria-hidden="true">
        {(author.trim()[0] ?? '?').toUpperCase()}
      </span>
      <span className="byline-name">{author}</span>
    </p>
  );
}
