package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.confero.server.meeting.Role;
import org.confero.server.rooms.Room;
import org.junit.jupiter.api.Test;

/** Which role keyed digits give, and when an attempt is complete without {@code #}. */
class PinRolesTest {
    private static PinRoles roles(String pin, String hostPin) {
        return new PinRoles(Optional.ofNullable(pin), Optional.ofNullable(hostPin));
    }

    @Test
    void theHostPinMakesAHostAndTheParticipantPinAParticipant() {
        PinRoles pins = roles("2468", "97531");
        assertThat(pins.roleFor("2468")).contains(Role.PARTICIPANT);
        assertThat(pins.roleFor("97531")).contains(Role.HOST);
        assertThat(pins.roleFor("1111")).isEmpty();
        assertThat(pins.roleFor("")).isEmpty();
        assertThat(pins.roleFor("24689")).as("the PIN and more").isEmpty();
        assertThat(pins.roleFor("9753")).as("a prefix of the host PIN").isEmpty();
    }

    @Test
    void aRoomWithOnlyAParticipantPinHasNoHostsByPhone() {
        PinRoles pins = roles("2468", null);
        assertThat(pins.roleFor("2468")).contains(Role.PARTICIPANT);
        assertThat(pins.roleFor("97531")).isEmpty();
        assertThat(pins.longest()).isEqualTo(4);
    }

    @Test
    void onePinForBothRolesMakesAHost() {
        assertThat(roles("5555", "5555").roleFor("5555")).contains(Role.HOST);
    }

    @Test
    void anAttemptEndsAtTheLongestPinOrAtAShorterPinItMatches() {
        PinRoles pins = roles("2468", "975310");
        assertThat(pins.completeWithoutHash("246")).isFalse();
        assertThat(pins.completeWithoutHash("2468")).as("the participant PIN, complete").isTrue();
        assertThat(pins.completeWithoutHash("1111")).as("wrong at the short length: go on to the long one")
                .isFalse();
        assertThat(pins.completeWithoutHash("97531")).isFalse();
        assertThat(pins.completeWithoutHash("975310")).isTrue();
        assertThat(pins.completeWithoutHash("111111")).as("wrong, at the longest length").isTrue();
    }

    @Test
    void aShortPinThatStartsTheLongerOneWaitsForMoreDigitsOrTheHash() {
        PinRoles pins = roles("1234", "123456");
        assertThat(pins.completeWithoutHash("1234")).as("could still become the host PIN").isFalse();
        assertThat(pins.roleFor("1234")).as("with # it is the participant PIN").contains(Role.PARTICIPANT);
        assertThat(pins.completeWithoutHash("123456")).isTrue();
        assertThat(pins.roleFor("123456")).contains(Role.HOST);
        PinRoles hostShorter = roles("123456", "1234");
        assertThat(hostShorter.completeWithoutHash("1234")).isFalse();
        assertThat(hostShorter.roleFor("1234")).contains(Role.HOST);
    }

    @Test
    void aRoomWithoutPinsNeedsNoEntry() {
        assertThatThrownBy(() -> roles(null, null)).isInstanceOf(IllegalArgumentException.class);
        Room room = new Room("clinic", "Clinic", Optional.of("2468"), 10, false, Optional.of("97531"), true,
                Optional.empty(), false, java.util.OptionalLong.empty());
        assertThat(PinRoles.of(room).roleFor("97531")).contains(Role.HOST);
    }
}
