package org.confero.server.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LocationServiceTest {
    private final LocationService locations =
            new LocationService(Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC));

    @Test
    void keepsSeveralContactsPerAddressOfRecordAndRemovesOneWithExpiresZero() throws Exception {
        locations.update("sip:alice@example.org", "sip:alice@10.0.0.1", "c1", 1, 600, 1.0f);
        locations.update("sip:Alice@example.org", "sip:alice@10.0.0.2", "c2", 1, 300, 0.5f);
        assertThat(locations.bindings("sip:alice@example.org")).extracting(Binding::contact)
                .containsExactly("sip:alice@10.0.0.1", "sip:alice@10.0.0.2");
        locations.update("sip:alice@example.org", "sip:alice@10.0.0.1", "c1", 2, 0, 1.0f);
        assertThat(locations.bindings("sip:alice@example.org")).extracting(Binding::contact)
                .containsExactly("sip:alice@10.0.0.2");
        assertThat(locations.size()).isEqualTo(1);
    }

    @Test
    void updateSaysWhetherTheBindingsChangedOrWereOnlyRefreshed() throws Exception {
        assertThat(locations.update("sip:dave@example.org", "sip:dave@10.0.0.1", "c1", 1, 600, 1.0f)).isTrue();
        assertThat(locations.update("sip:dave@example.org", "sip:dave@10.0.0.1", "c1", 2, 600, 1.0f)).isFalse();
        assertThat(locations.update("sip:dave@example.org", "sip:dave@10.0.0.1", "c1", 3, 0, 1.0f)).isTrue();
        assertThat(locations.update("sip:dave@example.org", "sip:dave@10.0.0.1", "c1", 4, 0, 1.0f)).isFalse();
    }

    @Test
    void outOfOrderRegisterOfTheSameCallIdIsRefused() throws Exception {
        locations.update("sip:bob@example.org", "sip:bob@10.0.0.1", "c1", 5, 600, 1.0f);
        assertThatThrownBy(() -> locations.update("sip:bob@example.org", "sip:bob@10.0.0.1", "c1", 5, 600, 1.0f))
                .isInstanceOf(LocationService.OutOfOrderException.class);
    }

    @Test
    void expiredBindingsDisappear() throws Exception {
        long[] now = {0};
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId z) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(now[0]); }
        };
        LocationService service = new LocationService(moving);
        service.update("sip:carol@example.org", "sip:carol@10.0.0.1", "c1", 1, 60, 1.0f);
        now[0] = 61_000;
        assertThat(service.bindings("sip:carol@example.org")).isEmpty();
    }

    @Test
    void contactsPerAddressOfRecordAndInTotalAreBounded() throws Exception {
        LocationService small = new LocationService(Clock.fixed(Instant.ofEpochMilli(0), ZoneOffset.UTC),
                org.confero.server.sip.location.BindingStore.NONE, 2, 3);
        small.update("sip:a@x", "sip:a@1", "c", 1, 60, 1f);
        small.update("sip:a@x", "sip:a@2", "c", 2, 60, 1f);
        assertThatThrownBy(() -> small.update("sip:a@x", "sip:a@3", "c", 3, 60, 1f))
                .isInstanceOf(LocationService.TableFullException.class);
        small.update("sip:a@x", "sip:a@2", "c", 4, 120, 1f); // a refresh of a known contact is not a new one
        small.update("sip:b@x", "sip:b@1", "d", 1, 60, 1f);
        assertThatThrownBy(() -> small.update("sip:b@x", "sip:b@2", "d", 2, 60, 1f))
                .isInstanceOf(LocationService.TableFullException.class);
        small.removeAll("sip:a@x");
        small.update("sip:b@x", "sip:b@2", "d", 3, 60, 1f);
        assertThat(small.size()).isEqualTo(2);
    }

    @Test
    void listenersHearOfEveryChange() throws Exception {
        java.util.List<String> changed = new java.util.ArrayList<>();
        locations.onChange(changed::add);
        locations.update("sip:Dave@example.org", "sip:dave@10.0.0.9", "c1", 1, 600, 1.0f);
        locations.removeAll("sip:dave@example.org");
        assertThat(changed).containsExactly("sip:dave@example.org", "sip:dave@example.org");
    }
}
