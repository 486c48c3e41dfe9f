package io.ctops.sdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium, using the machine's {@code chromium} and
 * {@code chromedriver} (Debian packages) so nothing is downloaded. Paths can be overridden with
 * {@code CT_OPS_CHROMIUM} and {@code CT_OPS_CHROMEDRIVER}.
 */
public final class HeadlessBrowser implements AutoCloseable {

    private final WebDriver driver;
    private final Path profile;

    private HeadlessBrowser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static HeadlessBrowser start() {
        Path chromium = executable("CT_OPS_CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = executable("CT_OPS_CHROMEDRIVER", "/usr/bin/chromedriver");
        try {
            Path profile = Files.createTempDirectory("ctops-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort()
                    .build();
            return new HeadlessBrowser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a page and waits until its body contains the text; returns the body's visible text. */
    public String openAndWaitFor(String url, String text, Duration timeout) {
        driver.get(url);
        return waitForText(text, timeout);
    }

    /** Waits until the page's visible text contains the given text; returns that text. */
    public String waitForText(String text, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout).until(d -> bodyText().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("page " + driver.getCurrentUrl() + " did not show '" + text + "' within "
                    + timeout + "; it shows:\n" + bodyText(), e);
        }
        return bodyText();
    }

    /**
     * Signs in through the sign-in page with e-mail and password (a user without a second factor)
     * and waits for the dashboard.
     */
    public void signIn(String baseUrl, String email, String password) {
        submitSignIn(baseUrl, email, password);
        waitForText("Hotspots", Duration.ofSeconds(30));
    }

    /** Fills and submits the sign-in form without waiting for the outcome. */
    public void submitSignIn(String baseUrl, String email, String password) {
        driver.get(baseUrl + "/login");
        WebElement user = waitForElement(By.cssSelector("#login-form input[name='username']"));
        user.clear();
        user.sendKeys(email);
        WebElement pass = waitForElement(By.cssSelector("#login-form input[name='password']"));
        pass.clear();
        pass.sendKeys(password);
        pass.sendKeys(org.openqa.selenium.Keys.ENTER);
    }

    /** Types into the input of the Vaadin field with this id (replacing what it held). */
    public void type(String id, String text) {
        WebElement input = waitForElement(By.cssSelector("#" + id + " input, #" + id + " textarea"));
        input.clear();
        input.sendKeys(text);
        input.sendKeys(org.openqa.selenium.Keys.TAB);
    }

    /** Clicks the element with this id once it is there. */
    public void click(String id) {
        waitForElement(By.id(id)).click();
    }

    /** The first element the locator finds, waiting up to 20 s for it to appear. */
    public WebElement waitForElement(By locator) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
                var found = d.findElements(locator);
                return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("page " + driver.getCurrentUrl() + " has no " + locator + "; it shows:\n" + bodyText(), e);
        }
    }

    /** The value property of the Vaadin field with this id. */
    public String value(String id) {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "return document.getElementById(arguments[0]).value", id));
    }

    /** Saves a PNG of the viewport to {@code target/screenshots/<name>.png} (kept as a build artifact). */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The visible text of the page body. */
    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The driver, for anything beyond these helpers. */
    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TempDirs.deleteQuietly(profile);
        }
    }

    private static Path executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is not installed or not executable: install Debian's "
                    + "chromium and chromium-driver packages (apt-get install chromium chromium-driver) or set " + variable);
        }
        return path;
    }
}
