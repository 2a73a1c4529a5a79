/** The socket's status: a coloured dot and a word. */
import type { TransportStatus } from 'livemetrics';

const HINTS: Record<TransportStatus, string> = {
  connecting: 'Opening the WebSocket…',
  open: 'Connected: deltas stream in for the cards you can see',
  reconnecting: 'Connection lost; retrying with backoff (topics are re-sent on reconnect)',
  closed: 'Disconnected',
};

export function StatusBadge({ status }: { status: TransportStatus }) {
  return (
    <div className={`status status--${status}`} title={HINTS[status]} role="status">
      <span className="status-dot" aria-hidden="true" />
      <span data-testid="status">{status}</span>
    </div>
  );
}
