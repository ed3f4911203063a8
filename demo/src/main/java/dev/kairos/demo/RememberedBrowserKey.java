package dev.kairos.demo;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The key that signs the starter's remembered-browser cookies ({@code kairos.remembered-browsers.key}), shared by
 * both portals: a 0600 file in the data folder, as the sealing key. Without it the starter would make a random key
 * per run (the demo seals with its own {@code KeyRing}, from which nothing is derived), so a browser remembered on
 * one portal would be refused on the other (one cookie per host: both portals are on 127.0.0.1) and after every
 * restart. A key given by property or environment wins.
 */
final class RememberedBrowserKey implements EnvironmentPostProcessor {

    static final String PROPERTY = "kairos.remembered-browsers.key";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("kairos.remembered-browsers.enabled", Boolean.class, false)
                || environment.containsProperty(PROPERTY)) {
            return;
        }
        Path data = Path.of(environment.getProperty("kairos.demo.data", "./kairos-demo-data"));
        byte[] key = OwnerOnlyFiles.secret(data, "remembered-browser-key.bin", 32);
        environment.getPropertySources().addLast(new MapPropertySource("kairos-demo-remembered-browser-key",
                Map.of(PROPERTY, Base64.getEncoder().encodeToString(key))));
    }
}
