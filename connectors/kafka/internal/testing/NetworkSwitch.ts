import net from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/**
 * A kafkajs socket factory with an off switch, to test broker loss without stopping the shared
 * broker: `cut()` destroys every open connection and refuses new ones (as a dead broker's host
 * would), `heal()` lets connections through again.
 *
 * @example
 * const network = new NetworkSwitch();
 * const log = new KafkaLog({ brokers, socketFactory: network.socketFactory });
 * network.cut(); ...; network.heal();
 */
export class NetworkSwitch {
  #up = true;
  readonly #open = new Set<net.Socket>();

  readonly socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    if (!this.#up) {
      const refused = new net.Socket();
      // After kafkajs has attached its listeners, as a real refused connect would be reported.
      setImmediate(() => refused.destroy(Object.assign(new Error(`connect ECONNREFUSED ${host}:${port} (network cut by test)`), { code: 'ECONNREFUSED' })));
      return refused;
    }
    const socket = net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    this.#open.add(socket);
    socket.once('close', () => this.#open.delete(socket));
    return socket;
  };

  cut(): void {
    this.#up = false;
    // A reset by the peer, as when the broker's host goes away (kafkajs listens for `error` and
    // `end`, not for a locally initiated `close`).
    for (const socket of this.#open) socket.destroy(Object.assign(new Error('read ECONNRESET (network cut by test)'), { code: 'ECONNRESET' }));
  }

  heal(): void {
    this.#up = true;
  }
}
