package io.ctops.core.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BouncyCastle provider for the process: building one registers hundreds of algorithms, which
 * cost more CPU than the signature it was built for when done per CSR and per certificate. A
 * provider is safe to share between threads.
 */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
