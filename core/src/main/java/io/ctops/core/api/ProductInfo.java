package io.ctops.core.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The product and SDK versions this build carries. */
public record ProductInfo(String productVersion, String sdkVersion) {

    public static ProductInfo load() {
        try (InputStream in = ProductInfo.class.getResourceAsStream("/io/ctops/core/version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return new ProductInfo(properties.getProperty("product.version"), properties.getProperty("sdk.version"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("version.properties is missing from the core jar", e);
        }
    }
}
