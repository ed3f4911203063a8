package dev.kairos.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port in front of a redis-server that counts the bytes each way, so a test can say
 * what one store call costs on the wire, and that can lose replies and drop connections on demand. One thread per
 * direction per connection; closed with the test.
 */
final class CountingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean swallowReplies;

    CountingProxy(int targetPort) {
        this.target = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Bytes from the client to Redis since the last reset. */
    long up() {
        return up.get();
    }

    /** Bytes from Redis to the client since the last reset. */
    long down() {
        return down.get();
    }

    void reset() {
        up.set(0);
        down.set(0);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                clients.add(client);
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                pump(client, server, up, false);
                pump(server, client, down, true);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** While true, Redis's replies are dropped (the commands still reach Redis and run): a reply lost in transit. */
    void swallowReplies(boolean swallow) {
        swallowReplies = swallow;
    }

    /** Closes every client connection (each with its server connection): a connection that drops. */
    void disconnectClients() {
        for (Socket c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        clients.clear();
    }

    private void pump(Socket from, Socket to, AtomicLong counter, boolean replies) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (replies && swallowReplies) {
                        continue;
                    }
                    counter.addAndGet(n); // before forwarding: once the other side has the bytes, they are counted
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other, so a dropped client also drops its server connection
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closed
                }
            }
        }, "counting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
