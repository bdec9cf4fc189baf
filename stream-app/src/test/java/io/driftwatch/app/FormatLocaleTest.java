package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FormatLocaleTest {

    @Test
    void setsTheFormatLocaleToUnitedStatesAndSaysWhatItReplaced() {
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("en"));
            assertThat(FormatLocale.useUnitedStates()).contains(Locale.forLanguageTag("en"));
            assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.US);
            assertThat(Locale.getDefault(Locale.Category.DISPLAY)).as("only the format category").isEqualTo(display);
            assertThat(FormatLocale.useUnitedStates()).as("nothing to replace the second time").isEmpty();
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, format);
        }
    }
}
