package io.ctops.core.boot;

import io.ctops.core.api.ProductInfo;
import io.ctops.core.config.ConfigException;
import io.ctops.core.config.ServerConfig;
import io.ctops.core.config.StartOptions;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code bin/ctops}: reads the environment, starts the server, stops it cleanly on SIGTERM. */
public final class CtopsMain {

    private CtopsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (String arg : args) {
            switch (arg) {
                case "--version" -> {
                    System.out.println("CT-Ops " + ProductInfo.load().productVersion());
                    return;
                }
                case "--help", "-h" -> {
                    System.out.println("usage: ctops [--version]\nSettings come from CT_OPS_* environment variables "
                            + "and DATABASE_URL; see conf/ctops.env.example.");
                    return;
                }
                default -> {
                    System.err.println("ctops: unknown argument '" + arg + "' (try --help)");
                    System.exit(2);
                }
            }
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        ServerConfig config;
        StartOptions options;
        try {
            config = ServerConfig.fromEnvironment(System.getenv());
            options = StartOptions.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("ctops: invalid setting: " + e.getMessage());
            System.exit(2);
            return;
        }
        CtopsServer server;
        try {
            server = CtopsServer.start(config, options);
        } catch (Exception e) {
            System.err.println("ctops: cannot start: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(CtopsMain.class).debug("start-up failure", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
