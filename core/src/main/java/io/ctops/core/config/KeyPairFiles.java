package io.ctops.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A PEM certificate (chain) file and its PEM private key file, brought by the operator. */
public record KeyPairFiles(Path certificate, Path privateKey) {

    public KeyPairFiles {
        requireNonNull(certificate, "certificate is null");
        requireNonNull(privateKey, "privateKey is null");
    }
}
