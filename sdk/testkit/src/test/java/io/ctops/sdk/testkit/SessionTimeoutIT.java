package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.config.StartOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** A signed-in session that is left alone for longer than the timeout ends: the next page is the sign-in page. */
class SessionTimeoutIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(6);

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars()
            .withStartOptions(StartOptions.defaults().withSessionTimeout(TIMEOUT));

    @Test
    void anIdleSessionExpiresAndTheNextPageAsksToSignInAgain() throws Exception {
        ApiUser admin = server.createAdmin();
        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.signIn(server.baseUrl(), admin.email(), admin.password());
            browser.openAndWaitFor(server.baseUrl() + "/hosts", "host(s)", Duration.ofSeconds(30));
            Thread.sleep(TIMEOUT.plusSeconds(6).toMillis());
            browser.driver().get(server.baseUrl() + "/hosts");
            browser.waitForElement(By.id("login-form"));
            assertTrue(browser.driver().getCurrentUrl().endsWith("/login"), browser.driver().getCurrentUrl());
        }
    }
}
