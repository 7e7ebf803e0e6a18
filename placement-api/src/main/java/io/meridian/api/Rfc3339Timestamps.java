package io.meridian.api;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.kubernetes.client.openapi.JSON;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every timestamp the API server accepts for a {@code format: date-time} field, writes
 * them as client-java does (UTC, microseconds). client-java alone reads at most nine fraction
 * digits and only a dot before them, yet the API server's date-time check (kube-openapi
 * {@code strfmt.IsDateTime}) also lets through more digits, any one character before them, a
 * lower-case {@code t} and {@code z}, and offsets beyond ±18:00, so one cluster manager's odd
 * timestamp would otherwise make a whole list undecodable.
 */
public final class Rfc3339Timestamps extends JSON.OffsetDateTimeTypeAdapter {

    /** The API server's rule: date, T, hh:mm:ss, optionally any character and digits, then Z or ±hh:mm. */
    private static final Pattern SERVER_DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:.(\\d+))?(?:[Zz]|([+-])(\\d{2}):(\\d{2}))");
    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final int NANO_DIGITS = 9;
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    @Override
    public void write(JsonWriter out, OffsetDateTime value) throws IOException {
        if (value == null) {
            out.nullValue();
        } else {
            out.value(WRITTEN.format(value.withOffsetSameInstant(ZoneOffset.UTC)));
        }
    }

    @Override
    public OffsetDateTime read(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        String text = in.nextString();
        try {
            return parse(text);
        } catch (DateTimeException e) {
            throw new JsonParseException("timestamp '" + text + "' at " + in.getPreviousPath() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @throws DateTimeException when the text is neither what the API server accepts nor an ISO
     *                           offset date-time (which client-java read before)
     */
    public static OffsetDateTime parse(String text) {
        Matcher m = SERVER_DATE_TIME.matcher(text);
        if (!m.matches()) {
            String iso = text.endsWith("+0000") ? text.substring(0, text.length() - 5) + "Z" : text;
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        LocalDateTime local = LocalDateTime.of(
                LocalDate.of(number(m, 1), number(m, 2), number(m, 3)),
                LocalTime.of(number(m, 4), number(m, 5), number(m, 6), nanos(m.group(7))));
        if (m.group(8) == null) {
            return OffsetDateTime.of(local, ZoneOffset.UTC);
        }
        int sign = "-".equals(m.group(8)) ? -1 : 1;
        int minutes = number(m, 10);
        long offsetSeconds = sign * (number(m, 9) * 3600L + minutes * 60L);
        if (minutes < 60 && Math.abs(offsetSeconds) <= MAX_OFFSET_SECONDS) {
            return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds((int) offsetSeconds));
        }
        // Not a Java offset (beyond ±18:00, or 60+ minutes), yet still one instant.
        return OffsetDateTime.of(local.minusSeconds(offsetSeconds), ZoneOffset.UTC);
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    /** Nanoseconds from fraction digits: beyond nine they are below a nanosecond and dropped. */
    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String nine = fraction.length() >= NANO_DIGITS ? fraction.substring(0, NANO_DIGITS)
                : fraction + "0".repeat(NANO_DIGITS - fraction.length());
        return Integer.parseInt(nine);
    }
}
