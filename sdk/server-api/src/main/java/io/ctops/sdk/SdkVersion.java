package io.ctops.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this SDK. A plugin states the SDK versions it works with in its manifest
 * ({@code Plugin-Requires: >=0.1.0}); the server refuses plugins that need a newer SDK.
 */
public final class SdkVersion {

    private SdkVersion() {
    }

    /** The SDK version this server implements, e.g. {@code 0.1.0}. */
    public static String current() {
        try (InputStream in = SdkVersion.class.getResourceAsStream("sdk.properties")) {
            if (in == null) {
                throw new IllegalStateException("sdk.properties is missing from the SDK jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("sdk.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
