package io.instanceconsole.ui.instances;

import java.time.Duration;
import java.time.Instant;

/** An age as a person reads it: {@code 7 min}, {@code 2 h 5 min}, {@code 2 d 2 h}. */
final class Age {
    private Age() {
    }

    static String between(Instant from, Instant to) {
        Duration age = Duration.between(from, to);
        if (age.toDays() > 0) {
            return age.toDays() + " d " + age.toHoursPart() + " h";
        }
        return age.toHours() > 0 ? age.toHours() + " h " + age.toMinutesPart() + " min" : age.toMinutes() + " min";
    }
}
