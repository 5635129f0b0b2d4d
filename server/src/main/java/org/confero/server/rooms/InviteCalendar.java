package org.confero.server.rooms;

import java.io.IOException;
import java.io.StringWriter;
import java.time.ZonedDateTime;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * The RFC 5545 invite for a scheduled room: one VEVENT in the room's time zone (DTSTART/DTEND with TZID and the
 * matching VTIMEZONE), the browser link, the SIP address and the participant PIN; a weekly room has its RRULE.
 */
public final class InviteCalendar {
    static {
        // ical4j can fetch time zone definitions from tzurl.org: never from a server, the bundled ones are used.
        System.setProperty("net.fortuna.ical4j.timezone.update.enabled", "false");
    }

    private InviteCalendar() {}

    /** @throws IllegalStateException when the room has no schedule */
    public static String of(HostedRoom room, String link, String sipUri, String serverName) {
        if (room.startsAt().isEmpty() || room.endsAt().isEmpty()) {
            throw new IllegalStateException("room " + room.slug() + " has no schedule");
        }
        TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
        TimeZone tz = registry.getTimeZone(room.timeZone().getId());
        ZonedDateTime start = room.startsAt().get().atZone(room.timeZone());
        ZonedDateTime end = room.endsAt().get().atZone(room.timeZone());

        VEvent event = new VEvent(false);
        event.add(new Uid(room.slug() + "@" + serverName));
        event.add(new net.fortuna.ical4j.model.property.DtStamp(java.time.Instant.ofEpochMilli(room.updatedAt())));
        event.add(new DtStart<>(start));
        event.add(new DtEnd<>(end));
        if (tz != null) {
            event.getProperty("DTSTART").ifPresent(p -> p.replace(new TzId(tz.getID())));
            event.getProperty("DTEND").ifPresent(p -> p.replace(new TzId(tz.getID())));
        }
        event.add(new net.fortuna.ical4j.model.property.Summary(room.title()));
        event.add(new Location(link));
        event.add(new Url(java.net.URI.create(link)));
        event.add(new Description(description(room, link, sipUri)));
        if (room.weekly()) {
            Recur.Builder<ZonedDateTime> recur = new Recur.Builder<ZonedDateTime>().frequency(Frequency.WEEKLY);
            // RFC 5545 §3.3.10: UNTIL is in UTC when DTSTART has a TZID; the last day's end is inclusive.
            room.repeatUntil().ifPresent(until -> recur.until(until.atTime(23, 59, 59).atZone(room.timeZone())
                    .withZoneSameInstant(java.time.ZoneOffset.UTC)));
            event.add(new RRule<>(recur.build()));
        }

        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Confero//Rooms//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(ImmutableMethod.PUBLISH);
        if (tz != null) {
            calendar.add(tz.getVTimeZone());
        }
        calendar.add(event);
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the invite", e);
        }
        return out.toString();
    }

    private static String description(HostedRoom room, String link, String sipUri) {
        StringBuilder text = new StringBuilder();
        text.append("Join from a browser: ").append(link).append('\n');
        text.append("Join from a phone or room system: ").append(sipUri).append('\n');
        room.participantPin().ifPresent(pin -> text.append("PIN: ").append(pin).append('\n'));
        return text.toString();
    }
}
