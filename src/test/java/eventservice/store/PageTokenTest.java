package eventservice.store;

import eventservice.event.InvalidEventException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageTokenTest {
    @Test
    void roundTrips() {
        assertThat(PageToken.decode(PageToken.encode(123456789L)), is(123456789L));
        assertThat(PageToken.decode(""), is(0L));
    }

    @Test
    void refusesWhatItDidNotIssue() {
        for (String bad : new String[] {"garbage!", "MTIz", PageToken.encode(1) + "x", "x".repeat(100), "djE6LTU"}) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> PageToken.decode(bad));
            assertThat(e.getMessage(), is("page_token: is not a token this service issued"));
        }
    }
}
