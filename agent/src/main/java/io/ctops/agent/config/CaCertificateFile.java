package io.ctops.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * The check of a CA certificate file that the configuration and {@code install} share, so a wrong
 * path fails when it is given and not at the first connection.
 */
public final class CaCertificateFile {

    private CaCertificateFile() {
    }

    /**
     * Reads the file once and checks that it holds at least one PEM (or DER) certificate.
     *
     * @param file the file
     * @param setting where the path came from, for the message
     * @throws ConfigException naming the setting
     */
    public static void check(Path file, String setting) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(setting, file + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new ConfigException(setting, file + " holds no certificate");
            }
        } catch (CertificateException e) {
            throw new ConfigException(setting, file + " is not a PEM certificate file: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(setting, file + " cannot be read: " + e.getMessage());
        }
    }
}
