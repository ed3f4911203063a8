package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 1: eight clients that sent half a request froze the old portal (a fixed pool of 8 threads, headers read
 * with no time limit). On Tomcat a half-sent request waits on the poller, not on a worker thread, and is closed
 * after {@code server.tomcat.connection-timeout}.
 */
class SlowClientsTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        base = Portals.base(portals.start(PortalKind.DEVELOPER));
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void fiftyClientsSendingHalfTheirHeadersDoNotSlowDownAnyoneElse() throws Exception {
        URI uri = URI.create(base);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket s = new Socket(uri.getHost(), uri.getPort());
                OutputStream out = s.getOutputStream();
                out.write(("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-" + i + ": ").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }
            // Control: the page answers at all, so the timing below is about the page, not a dead server.
            PortalClient someoneElse = new PortalClient(base);
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = someoneElse.get("/login");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, r.statusCode());
                assertTrue(millis < 2_000, "the sign-in page took " + millis + " ms while 50 clients held sockets");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aClientThatNeverFinishesItsHeadersIsDisconnectedAfterTheConnectionTimeout() throws Exception {
        URI uri = URI.create(base);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.getOutputStream().write("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(15_000);
            long start = System.nanoTime();
            InputStream in = s.getInputStream();
            int read;
            try {
                // Tomcat may answer 400 before closing, or just close: either way the socket ends.
                while ((read = in.read()) != -1) {
                    // drain
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a half-sent request open for 15 s", e);
            } catch (IOException reset) {
                read = -1;
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertEquals(-1, read);
            assertTrue(seconds >= 3 && seconds <= 12, "closed after " + seconds + " s; the timeout is 5 s");
        }
    }
}
