package eventservice.console;

import java.time.Duration;

import eventservice.support.Chromium;

/** The console in the test's browser: pages opened afresh, the token given when the page asks for it. */
record ConsolePage(Chromium browser, String url, Duration timeout) {
    /** Opens a console page in a fresh document, so the page holds no token from an earlier test. */
    void open(String fragment) {
        browser.open("about:blank");
        browser.open(url + fragment);
    }

    void giveToken(String token) {
        browser.await(timeout, "the token prompt", "document.querySelector('dialog[data-role=token][open] input[name=token]')");
        browser.type("dialog[data-role=token] input[name=token]", token);
        browser.click("dialog[data-role=token] button[type=submit]");
    }

    /** A JavaScript condition: the row of this event or job is shown. */
    static String row(String id) {
        return "document.querySelector('tr[data-id=\"" + id + "\"]')";
    }
}
