package io.driftwatch.app;

import java.util.Locale;
import java.util.Optional;

/**
 * Sets the JVM's format locale to en-US for the monitor's process, because one per-record cost of Kafka Streams
 * depends on it.
 *
 * <p>Since Kafka Streams 4.2 (KAFKA-19682), a task builds its "not ready" message with {@code String.format} for
 * every record it processes while any of its input partitions has nothing buffered, whatever the log level.
 * Checked in the bytecode of 4.2.0 to 4.4.0. The label join's task reads such a partition: the {@code label-join}
 * topic is empty whenever producers key by prediction id, as docs/producers.md asks.
 *
 * <p>{@link java.util.Formatter} prints a {@code %d} with its locale's zero digit. In JDK 17, {@code Formatter.getZero}
 * returns {@code '0'} at once for {@link Locale#US}; for any other locale it builds that locale's
 * {@link java.text.DecimalFormatSymbols} again on every call. That includes Java's {@code en}, the locale of
 * {@code LANG=C.UTF-8}, and also en-GB and de-DE. A loop of that message's format took 110–130 ns a call under en-US
 * and 220–600 ns under {@code en}. In the bench's label path the readiness check fell from about 15% of the stream
 * threads' samples to about 9% (bench/RESULTS.md, "The format locale").
 *
 * <p>Driftwatch's own store keys format with {@link Locale#ROOT} and never depended on this. What changes is how other
 * code in the process formats numbers by default, such as log messages, and only under a locale whose digits or
 * separators differ from en-US.
 */
final class FormatLocale {

    private FormatLocale() {
    }

    /**
     * Makes en-US the default locale of {@link Locale.Category#FORMAT}.
     *
     * @return the locale it replaced, or empty if it was en-US already
     */
    static Optional<Locale> useUnitedStates() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        if (before.equals(Locale.US)) {
            return Optional.empty();
        }
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
        return Optional.of(before);
    }
}
