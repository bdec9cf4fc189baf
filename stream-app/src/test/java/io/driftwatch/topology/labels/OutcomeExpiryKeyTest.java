package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * An outcome waiting for its prediction is expired by a range scan over string keys that a restart may read under
 * another locale: the keys' digits must be ASCII and sort by time whatever the JVM's format locale.
 */
class OutcomeExpiryKeyTest {

    @Test
    void keysHaveAsciiDigitsAndSortByTimeUnderAnyFormatLocale() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("ar-EG"));
            assertThat(String.format("%d", 7)).as("the locale prints Arabic-Indic digits").isNotEqualTo("7");
            assertThat(LabelJoinProcessor.expiryKey(12_345, "p-1")).isEqualTo("0000000000012345|p-1");
            assertThat(LabelJoinProcessor.expiryKey(9, "z")).isLessThan(LabelJoinProcessor.expiryKey(10, "a"));
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }
}
