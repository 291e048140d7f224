package cn.futian.jufu.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A relay in front of PostgreSQL that reads the messages clients send (the frontend half of the
 * wire protocol, version 3) and counts round trips: every {@code Sync} (the end of an extended
 * query: parse, bind, execute) and every simple {@code Query}. What a test sees is what the
 * service's connection pool sends, whatever library sends it.
 */
public final class PgWireCounter implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket server;
  private final AtomicLong roundTrips = new AtomicLong();

  public PgWireCounter(int targetPort) {
    this.targetPort = targetPort;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread acceptor = new Thread(this::accept, "pg-wire-counter");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Round trips counted since the start (or the last {@link #reset}). */
  public long roundTrips() {
    return roundTrips.get();
  }

  public void reset() {
    roundTrips.set(0);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closed
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        daemon(() -> frontend(client, target));
        daemon(() -> TcpRelay.copy(target, client));
      } catch (IOException e) {
        // closed
      }
    }
  }

  /** Client to server: the start-up packet has no type byte, every later message has one. */
  private void frontend(Socket client, Socket target) {
    try (DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = target.getOutputStream()) {
      boolean started = false;
      while (true) {
        int type = -1;
        if (started) {
          type = in.read();
          if (type < 0) {
            return;
          }
        }
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        if (!started) {
          // An SSLRequest (80877103) is answered 'N' by our servers and followed by the start-up.
          started = !(length == 8 && readInt(body) == 80877103);
        } else if (type == 'S' || type == 'Q') {
          roundTrips.incrementAndGet();
        }
        if (type >= 0) {
          out.write(type);
        }
        out.write(
            new byte[] {
              (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
            });
        out.write(body);
        out.flush();
      }
    } catch (EOFException e) {
      // the client went away
    } catch (IOException e) {
      // cut
    } finally {
      TcpRelay.closeQuietly(client);
      TcpRelay.closeQuietly(target);
    }
  }

  private static int readInt(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "pg-wire-counter-pipe");
    t.setDaemon(true);
    t.start();
  }
}
