package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code baseline create --missing-value}: the texts a training file writes for a missing value. */
@ResourceLock(Resources.SYSTEM_OUT) // it or the broker it starts replaces System.out for a while
class BaselineMissingValuesTest {

    @TempDir
    Path dir;

    @Test
    void aColumnWithNaIsNumericWithMissingValuesOnlyWhenNaIsGivenAsMissing() throws Exception {
        Path file = Files.writeString(dir.resolve("na.csv"), "x,label\n1.5,0\nNA,1\n2.5,1\nnull,0\n");

        assertThat(printed("baseline", "create", "-m", "m", "-v", "1", "--from", file.toString(), "--dry-run"))
            .containsPattern("x +categorical");
        assertThat(printed("baseline", "create", "-m", "m", "-v", "1", "--from", file.toString(), "--dry-run",
            "--missing-value", "NA", "--missing-value", "null"))
            .containsPattern("x +numeric +n=2 +missing=2");
    }

    /** What the command prints on standard output, where it describes the baseline; it must succeed. */
    private static String printed(String... args) {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CliRun run;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            run = CliRun.of(args);
        } finally {
            System.setOut(stdout);
        }
        assertThat(run.exitCode()).as(run.err()).isZero();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
