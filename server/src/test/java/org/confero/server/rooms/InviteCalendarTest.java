package org.confero.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStart;
import org.junit.jupiter.api.Test;

class InviteCalendarTest {
    private static HostedRoom room(boolean weekly, Optional<LocalDate> until) {
        return new HostedRoom("physics-9a", "Physics 9A, room 2", 1, Optional.of(LocalDateTime.of(2027, 1, 11, 9, 0)),
                Optional.of(LocalDateTime.of(2027, 1, 11, 9, 45)), ZoneId.of("Europe/Berlin"), weekly, until,
                Optional.of("4821"), Optional.of("99887766"), true, 30, "grid", false, false, 0, 0);
    }

    @Test
    void aWeeklyRoomsInviteParsesBackWithItsZoneLinkSipUriPinAndRrule() throws Exception {
        String ics = InviteCalendar.of(room(true, Optional.of(LocalDate.of(2027, 3, 29))),
                "https://meet.example.org/r/physics-9a", "sip:physics-9a@meet.example.org", "meet.example.org");
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getProperty("SUMMARY").orElseThrow().getValue()).isEqualTo("Physics 9A, room 2");
        DtStart<?> start = event.<DtStart<?>>getProperty("DTSTART").orElseThrow();
        assertThat(start.getParameter("TZID").orElseThrow().getValue()).isEqualTo("Europe/Berlin");
        assertThat(ZonedDateTime.from(start.getDate()).toLocalDateTime()).isEqualTo(LocalDateTime.of(2027, 1, 11, 9, 0));
        assertThat(calendar.getComponent("VTIMEZONE")).isPresent();
        assertThat(ics).contains("DTSTART;TZID=Europe/Berlin:20270111T090000", "DTEND;TZID=Europe/Berlin:20270111T094500",
                "RRULE:FREQ=WEEKLY;UNTIL=20270329T");
        String description = event.getProperty("DESCRIPTION").orElseThrow().getValue();
        assertThat(description).contains("https://meet.example.org/r/physics-9a", "sip:physics-9a@meet.example.org",
                "PIN: 4821").doesNotContain("99887766");
        assertThat(event.getProperty("URL").orElseThrow().getValue()).isEqualTo("https://meet.example.org/r/physics-9a");
    }

    @Test
    void aOneOffRoomHasNoRruleAndAnUnscheduledRoomHasNoInvite() throws Exception {
        String ics = InviteCalendar.of(room(false, Optional.empty()), "http://x/r/physics-9a", "sip:physics-9a@x", "x");
        VEvent event = new CalendarBuilder().build(new StringReader(ics)).<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getProperty("RRULE")).isEmpty();
        assertThat(event.getProperty("DTSTART")).isPresent();
        HostedRoom unscheduled = new HostedRoom("quick-one", "Quick", 1, Optional.empty(), Optional.empty(),
                ZoneId.of("UTC"), false, Optional.empty(), Optional.empty(), Optional.empty(), false, 5, "grid", false,
                false, 0, 0);
        assertThatThrownBy(() -> InviteCalendar.of(unscheduled, "l", "s", "x")).isInstanceOf(IllegalStateException.class);
    }
}
