package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.Reports;
import io.driftwatch.report.QualityBaseline;
import io.driftwatch.schemas.WindowReport;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reported-windows store keeps the reference quality a window was first judged against, for its revisions
 * (RevisionKeepsItsReferenceTest); windows stored by a release that did not keep it still decode, without it.
 */
class ReportedWindowCodecTest {

    private final ReportedWindow.Codec codec = new ReportedWindow.Codec();
    private final WindowReport report = Reports.window("scorer", "1", 0).build();

    @Test
    void theReferenceQualityIsKeptWithTheWindow() {
        QualityBaseline reference = new QualityBaseline(Map.of("accuracy", 0.8, "f1", 0.75), 1000L);
        ReportedWindow decoded = codec.decode(codec.encode(new ReportedWindow(report, new byte[] {7}, reference, true)));
        assertThat(decoded.referenceQuality()).isEqualTo(reference);
        assertThat(decoded.report()).isEqualTo(report);
        assertThat(decoded.predictionSegments()).containsExactly(7);
        assertThat(decoded.changed()).isTrue();

        QualityBaseline uncounted = codec.decode(codec.encode(new ReportedWindow(report, null,
            new QualityBaseline(Map.of("accuracy", 0.8), null), false))).referenceQuality();
        assertThat(uncounted.labelledCount()).isNull();
        assertThat(codec.decode(codec.encode(new ReportedWindow(report, null, QualityBaseline.NONE, false)))
            .referenceQuality()).as("a reference without quality: the first labelled windows are the baseline")
            .isEqualTo(QualityBaseline.NONE);
    }

    @Test
    void aWindowStoredWithoutItsReferenceQualityDecodesWithoutIt() {
        byte[] current = codec.encode(new ReportedWindow(report, new byte[] {7}, QualityBaseline.NONE, true));
        int referenceBytes = 4 + 8; // no metrics, no count
        byte[] older = Arrays.copyOf(current, current.length - referenceBytes);
        ReportedWindow decoded = codec.decode(older);
        assertThat(decoded.referenceQuality()).isNull();
        assertThat(decoded.report()).isEqualTo(report);
        assertThat(decoded.predictionSegments()).containsExactly(7);
        assertThat(decoded.changed()).isTrue();
    }
}
