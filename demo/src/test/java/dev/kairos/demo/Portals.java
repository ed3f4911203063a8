package dev.kairos.demo;

import dev.kairos.store.tck.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.h2.tools.Server;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both portals as the README runs them, in this JVM: an H2 database served over TCP (as the first demo process
 * serves its file to the second), and one Spring application per portal on a random port, sharing the database,
 * the sealing key and a {@link MutableClock} the test moves.
 */
final class Portals implements AutoCloseable {

    /** 5 s into a time step, so a code computed now stays valid while it is typed. */
    static final Instant START = Instant.parse("2026-03-02T09:00:05Z");

    final MutableClock clock = new MutableClock(START);
    private final Server database;
    private final String url;
    private final Path data;
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    Portals(Path data) throws IOException, SQLException {
        this.data = data;
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        database = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir",
                data.toAbsolutePath().toString()).start();
        url = "jdbc:h2:tcp://127.0.0.1:" + port + "/demo";
    }

    /** Starts a portal with cheap password hashes (tests sign in often) and any extra properties. */
    ConfigurableApplicationContext start(PortalKind portal, String... properties) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("kairos.demo.portal", portal.name().toLowerCase(java.util.Locale.ROOT));
        props.put("kairos.demo.data", data.toAbsolutePath().toString());
        props.put("kairos.demo.password-iterations", "1000");
        props.put("spring.datasource.url", url);
        props.put("logging.level.root", "WARN");
        for (String p : properties) {
            int eq = p.indexOf('=');
            props.put(p.substring(0, eq), p.substring(eq + 1));
        }
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DemoApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", clock))
                .run(args);
        apps.add(app);
        return app;
    }

    /** Starts a portal, appending what it prints to the console (the demo's users, the ticket) to {@code out}. */
    static ConfigurableApplicationContext printing(StringBuilder out, Supplier<ConfigurableApplicationContext> start) {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            return start.get();
        } finally {
            System.setOut(console);
            out.append(printed.toString(StandardCharsets.UTF_8));
        }
    }

    static String base(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext app : apps) {
            app.close();
        }
        database.stop();
    }
}
