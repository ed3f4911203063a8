package dev.kairos.spring.oidc.sample;

import dev.kairos.spring.oidc.sample.client.ClientApp;
import dev.kairos.spring.oidc.sample.login.LoginServer;
import dev.kairos.spring.oidc.sample.resource.ResourceServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three sample apps, each on a free port: the login server on {@code 127.0.0.1} and the client on
 * {@code localhost}, two host names, so the browser keeps their session cookies apart (cookies ignore ports).
 * {@code main} starts them for a person to try (addresses printed); the browser test starts them the same way.
 */
public final class Samples implements AutoCloseable {

    /** The login server's address, e.g. {@code http://127.0.0.1:41234}. */
    public final String loginUrl;
    /** The client web app's address. */
    public final String clientUrl;
    /** The resource server's address. */
    public final String resourceUrl;
    /** The login server's context (the test enrolls a user through its Enrollments bean). */
    public final ConfigurableApplicationContext login;
    private final ConfigurableApplicationContext resource;
    private final ConfigurableApplicationContext client;

    private Samples() {
        // Picked up front: the login server registers the client's redirect URI and the client names the login
        // server's endpoints, both at start-up. A port taken in between fails the start loudly.
        int loginPort = freePort();
        int clientPort = freePort();
        int resourcePort = freePort();
        loginUrl = "http://127.0.0.1:" + loginPort;
        clientUrl = "http://localhost:" + clientPort;
        resourceUrl = "http://127.0.0.1:" + resourcePort;
        // Started side by side: none calls another at start-up (the client names the login server's endpoints
        // instead of discovering them, the resource server fetches the keys on its first token).
        CompletableFuture<ConfigurableApplicationContext> startingResource = CompletableFuture.supplyAsync(
                () -> new SpringApplicationBuilder(ResourceServer.class).run("--spring.config.name=resource-server",
                        "--server.port=" + resourcePort, "--sample.login-url=" + loginUrl));
        CompletableFuture<ConfigurableApplicationContext> startingClient = CompletableFuture.supplyAsync(
                () -> new SpringApplicationBuilder(ClientApp.class).run("--spring.config.name=client-app",
                        "--server.port=" + clientPort, "--sample.login-url=" + loginUrl,
                        "--sample.resource-url=" + resourceUrl));
        login = new SpringApplicationBuilder(LoginServer.class).run("--spring.config.name=login-server",
                "--server.port=" + loginPort, "--sample.client-url=" + clientUrl);
        resource = startingResource.join();
        client = startingClient.join();
    }

    /**
     * Starts the login server, the resource server and the client.
     *
     * @return the running apps
     */
    public static Samples start() {
        return new Samples();
    }

    @Override
    public void close() {
        client.close();
        resource.close();
        login.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the samples until the process is stopped: {@code mvn -pl spring-authorization-server
     * exec:java -Dexec.mainClass=dev.kairos.spring.oidc.sample.Samples -Dexec.classpathScope=test}.
     *
     * @param args not used
     */
    public static void main(String[] args) {
        Samples samples = start();
        System.out.println("Client app:   " + samples.clientUrl + "/  (alice / alice-password, bob / bob-password)");
        System.out.println("Login server: " + samples.loginUrl);
        System.out.println("Resource:     " + samples.resourceUrl + "/api/payments");
    }
}
