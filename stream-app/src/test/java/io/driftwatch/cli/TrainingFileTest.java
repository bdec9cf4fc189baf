package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the training file check takes for text: UTF-8 without NUL bytes, whatever the sample's end cuts. */
class TrainingFileTest {

    @Test
    void utf8TextIsTextWhereverTheSampleEnds() {
        // Cyrillic rows (two bytes a letter, 15 bytes a row) after 0 to 14 ASCII bytes: the sample's last byte falls on every
        // position of a character. Trimming trailing bytes once cut a whole character in two here.
        for (int shift = 0; shift < 15; shift++) {
            byte[] file = ("x".repeat(shift) + "Привет,1\n".repeat(2_000)).getBytes(StandardCharsets.UTF_8);
            byte[] head = Arrays.copyOf(file, TrainingFile.SNIFF);
            assertThat(TrainingFile.isText(head)).as("shifted by %d", shift).isTrue();
        }
    }

    @Test
    void malformedUtf8AndNulBytesAreNot() {
        byte[] latin1 = "caf\u00e9,1\n".repeat(10).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(TrainingFile.isText(latin1)).isFalse();
        assertThat(TrainingFile.isText("a,b\n1,\u0000\n".getBytes(StandardCharsets.UTF_8))).isFalse();
        // A short file ends where it ends: a character cut there is malformed.
        byte[] cut = Arrays.copyOf("a,Привет".getBytes(StandardCharsets.UTF_8), 9);
        assertThat(TrainingFile.isText(cut)).isFalse();
    }
}
