package io.updraft.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for Java (no browser download: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD), with
 * the launch arguments that work as root without a network. Screenshots go to {@code target/ui-screenshots}.
 */
final class BrowserSupport implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("UPDRAFT_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    static final int DESKTOP_WIDTH = 1366;
    static final int DESKTOP_HEIGHT = 860;
    static final int PHONE_WIDTH = 390;
    static final int PHONE_HEIGHT = 844;
    /** The narrowest width the pages must fit without horizontal scrolling. */
    static final int NARROW_WIDTH = 360;

    private final Playwright playwright;
    private final Browser browser;
    private final String baseUrl;

    BrowserSupport(String baseUrl) {
        requireBrowser();
        this.baseUrl = baseUrl;
        this.playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync")));
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Skips the browser tests on a machine without Chromium, unless {@code UPDRAFT_REQUIRE_BROWSER} is set (as
     * {@code .ci/run} does): then a missing browser fails them, so CI cannot pass without running them.
     */
    static void requireBrowser() {
        String message = "the browser tests need Chromium at " + CHROMIUM
                + " (Debian: apt-get install chromium; .ci/run installs it; UPDRAFT_TEST_CHROMIUM names another)";
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String required = System.getenv("UPDRAFT_REQUIRE_BROWSER");
        if (required != null && !required.isBlank() && !required.equals("0")) {
            throw new IllegalStateException("UPDRAFT_REQUIRE_BROWSER is set but " + message);
        }
        assumeTrue(false, message);
    }

    /** A fresh browser session (own sessionStorage, so its own login) at desktop or phone size. */
    Page open(boolean phone) {
        return open(phone ? PHONE_WIDTH : DESKTOP_WIDTH, phone ? PHONE_HEIGHT : DESKTOP_HEIGHT, phone, null);
    }

    /** A fresh browser session of that size, in that time zone (null: the machine's). */
    Page open(int width, int height, boolean phone, String timezoneId) {
        Browser.NewContextOptions options = new Browser.NewContextOptions()
                .setBaseURL(baseUrl)
                .setViewportSize(width, height)
                .setDeviceScaleFactor(phone ? 2 : 1)
                .setIsMobile(phone).setHasTouch(phone);
        if (timezoneId != null) {
            options.setTimezoneId(timezoneId);
        }
        BrowserContext context = browser.newContext(options);
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        page.onPageError(error -> System.err.println("[browser page error] " + error));
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                System.err.println("[browser console] " + message.text());
            }
        });
        return page;
    }

    /** Signs in through the login form and waits for the DAG list. */
    static void login(Page page, String username, String password) {
        page.navigate("/#/login");
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("form.login-card button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("h1", new Page.LocatorOptions().setHasText("DAGs"))).isVisible();
    }

    /**
     * Nothing sticks out of the screen: every element ends inside the viewport unless a box around it scrolls or
     * clips (the grid, the graph, wide tables scroll inside their own box); the page itself does not scroll sideways.
     */
    static void assertNoHorizontalOverflow(Page page) {
        Object overflow = page.evaluate("() => { const width = document.documentElement.clientWidth;"
                + " const contained = node => { for (let a = node.parentElement; a && a !== document.body; a = a.parentElement) {"
                + " if (getComputedStyle(a).overflowX !== 'visible' || a.tagName === 'DIALOG') return true; } return false; };"
                + " return [...document.querySelectorAll('body *')].filter(node => {"
                + " const box = node.getBoundingClientRect(); return box.width > 0 && box.right > width + 1 && !contained(node); })"
                + ".slice(0, 5).map(node => node.tagName.toLowerCase() + '.' + [...node.classList].join('.')"
                + " + ' right=' + Math.round(node.getBoundingClientRect().right)).join(', ')"
                + " + (document.documentElement.scrollWidth > width + 1 ? ' page scrollWidth=' + document.documentElement.scrollWidth : ''); }");
        org.assertj.core.api.Assertions.assertThat((String) overflow)
                .as("elements wider than the screen on %s", page.url()).isEmpty();
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
