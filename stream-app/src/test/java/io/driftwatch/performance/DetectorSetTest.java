package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectorSetTest {

    private static final List<String> ALL = List.of("adwin", "ddm", "page_hinkley");

    @Test
    void aClassifiersErrorRateJumpIsSignalledAndReportedOnce() {
        DetectorSet set = DetectorSet.create(ALL, false);
        Random rnd = new Random(1);
        for (int i = 0; i < 3000; i++) {
            set.update(rnd.nextDouble() < 0.1 ? 1 : 0);
        }
        set.reportAndReset();
        assertThat(set.peek()).as("nothing signalled since the report").noneMatch(DetectorSet.Result::detected);
        List<String> signalled = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            signalled.addAll(set.update(rnd.nextDouble() < 0.5 ? 1 : 0));
        }
        assertThat(signalled).contains("adwin", "ddm", "page_hinkley");
        assertThat(set.reportAndReset()).allMatch(DetectorSet.Result::detected);
        assertThat(set.peek()).noneMatch(DetectorSet.Result::detected);
    }

    @Test
    void stateSavedMidStreamGivesTheSameDetectionsAfterwards() {
        Random rnd = new Random(2);
        double[] errors = new double[8000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = rnd.nextDouble() < (i < 4000 ? 0.05 : 0.3) ? 1 : 0;
        }
        DetectorSet straight = DetectorSet.create(ALL, false);
        DetectorSet restored = DetectorSet.create(ALL, false);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            a.addAll(straight.update(errors[i]).stream().map(d -> d + "@" + errors.length).toList());
            if (i % 997 == 0) {
                restored = DetectorSet.fromBytes(restored.toBytes());
            }
            b.addAll(restored.update(errors[i]).stream().map(d -> d + "@" + errors.length).toList());
        }
        assertThat(b).isEqualTo(a).isNotEmpty();
    }

    /** Page–Hinkley's threshold is in the watched unit: scaled errors make it unit-free for regression. */
    @Test
    void regressionErrorsAreScaledSoTheUnitDoesNotMatter() {
        for (double unit : new double[] {0.01, 1, 1000}) {
            DetectorSet set = DetectorSet.create(ALL, true);
            assertThat(set.peek()).extracting(DetectorSet.Result::detector).containsExactly("page_hinkley");
            Random rnd = new Random(3);
            int firstSignal = -1;
            for (int i = 0; i < 6000 && firstSignal < 0; i++) {
                double typical = i < 3000 ? 1.0 : 2.0;
                if (!set.update(Math.abs(rnd.nextGaussian()) * typical * unit).isEmpty()) {
                    firstSignal = i;
                }
            }
            assertThat(firstSignal).as("unit " + unit).isBetween(3000, 3300);
        }
    }
}
