/** The one WebSocket connection of the page, to `/ws` on this host. */
import { createWebSocketTransport } from 'livemetrics';

const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';

export const transport = createWebSocketTransport({ url: `${scheme}://${window.location.host}/ws` });
