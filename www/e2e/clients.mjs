// Clients of the engine's sockets built on the real libraries, each holding
// a Ledger's topics the way a site's transport would: subscribe on connect
// and again after every reconnect, then read fresh bases from the HTTP API.
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { io } from 'socket.io-client';

/** Retry every 100 ms for a minute: an engine restart takes well under that. */
const RETRY = { nextRetryDelayInMilliseconds: (ctx) => (ctx.elapsedMilliseconds < 60_000 ? 100 : null) };

/**
 * A hub client that holds the ledger's topics: subscribes on start and again
 * after every reconnect, then reads fresh bases (a new engine, a new truth).
 */
export function hubClient(url, ledger, api, options = {}) {
  const connection = new HubConnectionBuilder()
    .withUrl(`${url}/hub`, options)
    .withAutomaticReconnect(RETRY)
    .configureLogging(LogLevel.Critical)
    .build();
  const client = { connection, ledger, reconnects: 0, ready: null };
  connection.on('metric:update', (payload) => ledger.receive(payload));
  connection.on('welcome', () => {});
  const hold = async () => {
    for (const topic of ledger.topics) await connection.invoke('subscribe', topic);
    await ledger.fetchBases(api());
  };
  connection.onreconnecting(() => ledger.reset());
  connection.onreconnected(() => {
    client.reconnects += 1;
    client.ready = hold();
  });
  client.start = async () => {
    await connection.start();
    client.ready = hold();
    await client.ready;
  };
  return client;
}

/**
 * A socket that holds the ledger's topics: on every `connect` (the first and
 * each reconnect) it subscribes, then reads fresh bases.
 */
export function socketClient(url, ledger, api, options = {}) {
  const socket = io(url, { reconnectionDelay: 100, reconnectionDelayMax: 300, ...options });
  const client = { socket, ledger, connects: 0, acks: [], ready: null };
  socket.on('metric:update', (payload) => ledger.receive(payload));
  socket.on('disconnect', () => ledger.reset());
  socket.on('connect', () => {
    client.connects += 1;
    client.ready = (async () => {
      client.acks.push(await socket.emitWithAck('subscribe', ledger.topics));
      await ledger.fetchBases(api());
    })();
  });
  return client;
}

